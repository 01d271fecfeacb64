using System;
using System.IO;

namespace GatewayGen.Runtime.Tests.Access;

/// <summary>A store file in a fresh temporary folder, deleted with the folder.</summary>
internal sealed class TemporaryStore : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gatewaygen-store-" + Guid.NewGuid().ToString("N"));

    public TemporaryStore() => FilePath = System.IO.Path.Combine(_folder, "gateway.db");

    public string FilePath { get; }

    public ApiKeyStore Open() => new(FilePath);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine; the OS cleans the temp folder
        }
    }
}
