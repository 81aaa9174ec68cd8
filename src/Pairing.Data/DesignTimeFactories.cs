using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Pairing.Data;

/// <summary>Used only by `dotnet ef migrations add`; the connection strings are never opened.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePairingDbContext>
{
    public SqlitePairingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePairingDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPairingDbContext>
{
    public PostgresPairingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPairingDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
