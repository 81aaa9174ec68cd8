using Pairing.LoadRun;

// dotnet run -c Release --project tools/Pairing.LoadRun -- [--users 50] [--seconds 20] [--agreements 150] [--db CONNECTION]
return await LoadRun.RunAsync(args);
