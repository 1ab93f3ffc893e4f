using Overlay.Ovsdb.OpenVSwitch;

namespace Overlay.Ovsdb.Tests;

public class VifTrackerTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid B = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    private static OvsdbRow Row(string name, string? ifaceId, OvsdbDatum ofport) => new()
    {
        ["name"] = name,
        ["external_ids"] = ifaceId is null ? OvsdbDatum.EmptyMap : OvsdbDatum.StringMap([KeyValuePair.Create("iface-id", ifaceId)]),
        ["ofport"] = ofport,
    };

    private static TableUpdates Batch(params RowUpdate[] rows) => new([.. rows], IsInitial: false);

    [Fact]
    public void Initial_rows_with_iface_id_are_added_and_others_ignored()
    {
        var tracker = new VifTracker();
        var events = tracker.Apply(new TableUpdates(
            [new RowUpdate("Interface", A, null, Row("tap0", "lp1", 3)), new RowUpdate("Interface", B, null, Row("br-int", null, 65534))],
            IsInitial: true));
        var added = Assert.Single(events);
        Assert.Equal(new VifEvent(VifEventKind.Added, new Vif(A, "tap0", "lp1", 3)), added);
        Assert.Single(tracker.Current);
    }

    [Fact]
    public void Ofport_assignment_after_add_is_reported_and_minus_one_means_none()
    {
        var tracker = new VifTracker();
        Assert.Equal(VifEventKind.Added, Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, null, Row("tap0", "lp1", OvsdbDatum.EmptySet))))).Kind);
        Assert.Null(tracker.Current[A].OfPort);

        var assigned = Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow { ["ofport"] = OvsdbDatum.EmptySet }, Row("tap0", "lp1", 7)))));
        Assert.Equal(new VifEvent(VifEventKind.OfPortChanged, new Vif(A, "tap0", "lp1", 7)), assigned);

        var failed = Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow { ["ofport"] = 7 }, Row("tap0", "lp1", -1)))));
        Assert.Equal(VifEventKind.OfPortChanged, failed.Kind);
        Assert.Null(failed.Vif.OfPort);
    }

    [Fact]
    public void Unrelated_column_change_raises_nothing()
    {
        var tracker = new VifTracker();
        tracker.Apply(Batch(new RowUpdate("Interface", A, null, Row("tap0", "lp1", 3))));
        var withMac = Row("tap0", "lp1", 3).With("external_ids", OvsdbDatum.StringMap([KeyValuePair.Create("iface-id", "lp1"), KeyValuePair.Create("attached-mac", "02:00:00:00:00:01")]));
        Assert.Empty(tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow { ["external_ids"] = OvsdbDatum.EmptyMap }, withMac))));
    }

    [Fact]
    public void Iface_id_change_is_remove_then_add_and_losing_it_is_remove()
    {
        var tracker = new VifTracker();
        tracker.Apply(Batch(new RowUpdate("Interface", A, null, Row("tap0", "lp1", 3))));

        var renamed = tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow(), Row("tap0", "lp2", 3))));
        Assert.Equal([VifEventKind.Removed, VifEventKind.Added], renamed.Select(e => e.Kind));
        Assert.Equal(["lp1", "lp2"], renamed.Select(e => e.Vif.IfaceId));

        var lost = Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow(), Row("tap0", null, 3)))));
        Assert.Equal(new VifEvent(VifEventKind.Removed, new Vif(A, "tap0", "lp2", 3)), lost);
        Assert.Empty(tracker.Current);
    }

    [Fact]
    public void Deleted_row_is_removed_with_its_last_state()
    {
        var tracker = new VifTracker();
        tracker.Apply(Batch(new RowUpdate("Interface", A, null, Row("tap0", "lp1", 3))));
        var removed = Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, Row("tap0", "lp1", 3), null))));
        Assert.Equal(new VifEvent(VifEventKind.Removed, new Vif(A, "tap0", "lp1", 3)), removed);
        Assert.Empty(tracker.Apply(Batch(new RowUpdate("Interface", B, Row("x", null, 1), null))));
    }

    [Fact]
    public void Partial_new_is_merged_with_the_known_row()
    {
        var tracker = new VifTracker();
        tracker.Apply(Batch(new RowUpdate("Interface", A, null, Row("tap0", "lp1", OvsdbDatum.EmptySet))));
        var e = Assert.Single(tracker.Apply(Batch(new RowUpdate("Interface", A, new OvsdbRow { ["ofport"] = OvsdbDatum.EmptySet }, new OvsdbRow { ["ofport"] = 5 }))));
        Assert.Equal(new Vif(A, "tap0", "lp1", 5), e.Vif);
    }
}
