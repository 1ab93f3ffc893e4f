namespace Overlay.Northd;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("overlay-northd: not yet wired");
        return 1;
    }
}
