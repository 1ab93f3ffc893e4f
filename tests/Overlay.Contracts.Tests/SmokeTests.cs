namespace Overlay.Tests.Pending;

public class ProjectLoads
{
    [Fact]
    public void Assembly_loads() => Assert.NotNull(typeof(ProjectLoads).Assembly.GetName().Name);
}
