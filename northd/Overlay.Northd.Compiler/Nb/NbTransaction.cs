namespace Overlay.Northd.Compiler.Nb;

/// <summary>
/// Applies NB commands as one transaction: in order, all or nothing. Tunnel keys are allocated as
/// objects are created (datapaths share 1..2^24-1, ports 1..32767 per datapath, lowest free first).
/// The result is then validated (in full, or only where it changed when the caller vouches that the input
/// is valid); any command error or validation problem refuses the whole transaction and returns every
/// problem found, each pointing at the command that caused it.
/// </summary>
public static class NbTransaction
{
    public static NbApplyResult Apply(NbDatabase db, IReadOnlyList<NbCommand> commands) =>
        Apply(db, commands, NbValidation.Full);

    public static NbApplyResult Apply(NbDatabase db, IReadOnlyList<NbCommand> commands, NbValidation validation)
    {
        var tx = new TxState(db);
        foreach (var command in commands)
        {
            tx.Current = command;
            Execute(tx, command);
        }
        // Later commands may fail only because an earlier one did; all of them are reported anyway,
        // since a script author usually wants every broken line at once.
        if (tx.Errors.Count > 0) return NbApplyResult.Refused(tx.Errors);

        var next = tx.Db with { Revision = db.Revision + 1 };
        var problems = validation == NbValidation.IncrementalFromValidBase
            ? NbIncrementalValidator.Validate(db, next)
            : NbValidator.Validate(next);
        if (problems.Count > 0)
            return NbApplyResult.Refused(problems.Select(p => p with { Location = p.Location ?? tx.Sources.Find(p.Object, p.Field) }).ToList());
        return new NbApplyResult(next, []);
    }

    private static void Execute(TxState tx, NbCommand command)
    {
        switch (command)
        {
            case LsAdd c: SwitchCommands.LsAdd(tx, c); break;
            case LsDel c: SwitchCommands.LsDel(tx, c); break;
            case LspAdd c: SwitchCommands.LspAdd(tx, c); break;
            case LspDel c: SwitchCommands.LspDel(tx, c); break;
            case LspSetAddresses c: SwitchCommands.SetAddresses(tx, c); break;
            case LspSetPortSecurity c: SwitchCommands.SetPortSecurity(tx, c); break;
            case LspSetType c: SwitchCommands.SetType(tx, c); break;
            case LspSetOptions c: SwitchCommands.SetOptions(tx, c); break;
            case LspSetEnabled c: SwitchCommands.SetEnabled(tx, c); break;
            case LrAdd c: RouterCommands.LrAdd(tx, c); break;
            case LrDel c: RouterCommands.LrDel(tx, c); break;
            case LrpAdd c: RouterCommands.LrpAdd(tx, c); break;
            case LrpDel c: RouterCommands.LrpDel(tx, c); break;
            case LrpSet c: RouterPortSet.Apply(tx, c); break;
            case LrRouteAdd c: RouterCommands.RouteAdd(tx, c); break;
            case LrRouteDel c: RouterCommands.RouteDel(tx, c); break;
            case AclAdd c: AclCommands.AclAdd(tx, c); break;
            case AclDel c: AclCommands.AclDel(tx, c); break;
            case PgAdd c: GroupCommands.PgAdd(tx, c); break;
            case PgSetPorts c: GroupCommands.PgSetPorts(tx, c); break;
            case PgDel c: GroupCommands.PgDel(tx, c); break;
            case AddressSetAdd c: GroupCommands.AddressSetAdd(tx, c); break;
            case AddressSetDel c: GroupCommands.AddressSetDel(tx, c); break;
            default: tx.Error(command.Verb, "", "", $"command type {command.GetType().Name} is not supported"); break;
        }
    }
}

/// <summary>How <see cref="NbTransaction"/> validates a transaction's result.</summary>
public enum NbValidation : byte
{
    /// <summary>Validate the whole resulting database (the input may hold problems of its own, e.g. read from a file).</summary>
    Full,

    /// <summary>
    /// The input database is valid (northd only ever holds databases that passed validation): check only what
    /// the transaction changed and what depends on it (<see cref="NbIncrementalValidator"/>). Same diagnostics as Full.
    /// </summary>
    IncrementalFromValidBase,
}
