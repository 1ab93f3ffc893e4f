namespace Overlay.Contracts.Wire;

/// <summary>The HTTP/2 paths of every rpc in northbound.proto and southbound.proto: "/package.Service/Method".</summary>
public static class Methods
{
    public static class Northbound
    {
        private const string Service = "/overlay.nb.v1.Northbound/";
        public const string Transact = Service + "Transact";
        public const string GetDatabase = Service + "GetDatabase";
        public const string GetSouthbound = Service + "GetSouthbound";
        public const string Wait = Service + "Wait";
        public const string DeleteChassis = Service + "DeleteChassis";
    }

    public static class Southbound
    {
        private const string Service = "/overlay.sb.v1.Southbound/";
        public const string Subscribe = Service + "Subscribe";
        public const string ReportBindings = Service + "ReportBindings";
        public const string ReportInstalled = Service + "ReportInstalled";
    }
}
