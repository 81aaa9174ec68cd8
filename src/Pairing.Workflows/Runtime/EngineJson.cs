using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pairing.Workflows.Runtime;

/// <summary>JSON as the engine stores it: Chinese kept readable, so the database and the journal can be read directly.</summary>
public static class EngineJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
