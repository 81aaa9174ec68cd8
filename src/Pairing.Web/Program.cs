using Pairing.Web.Hosting;

// `dotnet run --project src/Pairing.Web`: SQLite with the demo data on first start, then serves the pages and the API.
var app = WebSetup.Build(args);
await DemoStartup.PrepareAsync(app);
await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
