using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SessionTui.IntegrationTests.Storage;

/// <summary>A plain connection to a history file, for what the store does not expose: pragmas, locks, tampering.</summary>
internal sealed class RawDatabase : IDisposable
{
    private readonly SqliteConnection _connection;

    public RawDatabase(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public string Text(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }

    public long Number(string sql) => long.Parse(Text(sql), CultureInfo.InvariantCulture);

    public void Dispose() => _connection.Dispose();
}
