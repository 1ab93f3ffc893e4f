using Overlay.Cli.Online;

namespace Overlay.Cli.Tests.Online;

public class DbOptionTests
{
    private static CliEnvironment Env(string? overlayDb) =>
        new(name => name == "OVERLAY_DB" ? overlayDb : null, false, TimeProvider.System);

    [Fact]
    public void Flag_beats_environment_beats_default()
    {
        var error = new StringWriter();
        Assert.Equal(new Uri("http://10.0.0.5:6641"), DbOption.Resolve("http://10.0.0.5:6641", Env("http://10.9.9.9:1"), error));
        Assert.Equal(new Uri("http://10.9.9.9:1"), DbOption.Resolve(null, Env("http://10.9.9.9:1"), error));
        Assert.Equal(new Uri("http://127.0.0.1:6641"), DbOption.Resolve(null, Env(null), error));
        Assert.Equal(new Uri("http://127.0.0.1:6641"), DbOption.Resolve(null, Env(""), error));
        // What --listen takes is accepted too.
        Assert.Equal(new Uri("http://192.168.1.2:7000"), DbOption.Resolve("192.168.1.2:7000", Env(null), error));
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void A_bad_address_names_where_it_came_from()
    {
        var error = new StringWriter();
        Assert.Null(DbOption.Resolve(null, Env("ftp://x"), error));
        Assert.Equal("overlay: OVERLAY_DB: 'ftp://x' is not a northd address; expected http://HOST:PORT (e.g. http://127.0.0.1:6641)\n", error.ToString());
    }
}
