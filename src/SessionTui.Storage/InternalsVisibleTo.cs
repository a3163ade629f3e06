using System.Runtime.CompilerServices;

// The integration tests set a short busy timeout (SqliteHistoryStore.Open(path, busyTimeout)) to prove that a locked
// database fails with a clear error instead of hanging.
[assembly: InternalsVisibleTo("SessionTui.IntegrationTests")]
