namespace Pairing.Workflows.Plugins;

/// <summary>The guards, effects and calendars a host plugs into the engine. Definitions name them; loading a
/// definition that names an unknown one fails validation.</summary>
public sealed class PluginRegistry
{
    private readonly Dictionary<string, IGuard> _guards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IEffect> _effects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ICalendarRule> _calendars = new(StringComparer.Ordinal);

    public PluginRegistry() { }

    /// <summary>A registry of everything a host registered (for a dependency-injection container).</summary>
    public PluginRegistry(IEnumerable<IGuard> guards, IEnumerable<IEffect> effects, IEnumerable<ICalendarRule> calendars)
    {
        foreach (var g in guards) Add(g);
        foreach (var e in effects) Add(e);
        foreach (var c in calendars) Add(c);
    }

    public PluginRegistry Add(IGuard guard) { _guards[guard.Name] = guard; return this; }
    public PluginRegistry Add(IEffect effect) { _effects[effect.Name] = effect; return this; }
    public PluginRegistry Add(ICalendarRule calendar) { _calendars[calendar.Name] = calendar; return this; }

    public IGuard? Guard(string name) => _guards.GetValueOrDefault(name);
    public IEffect? Effect(string name) => _effects.GetValueOrDefault(name);
    public ICalendarRule? Calendar(string name) => _calendars.GetValueOrDefault(name);

    public IEnumerable<string> GuardNames => _guards.Keys.Order();
    public IEnumerable<string> EffectNames => _effects.Keys.Order();
    public IEnumerable<string> CalendarNames => _calendars.Keys.Order();
}
