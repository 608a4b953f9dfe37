namespace Vvtv;

/// <summary>A canary result.env.</summary>
public sealed record CanaryResult(
    string Status,
    string BackupDir,
    bool RollbackApplied,
    string CanaryOutDir,
    string SoakSummary,
    string PromotionStatus,
    string PromotionRecord)
{
    /// <summary>Allowed values of status.</summary>
    public static readonly string[] Statuses = ["PASS", "FAIL_ROLLBACK_APPLIED", "FAIL_ROLLBACK_SKIPPED"];

    /// <summary>Allowed values of promotion_status.</summary>
    public static readonly string[] PromotionStatuses = ["SKIPPED", "PROMOTED", "BLOCKED"];

    private static readonly string[] Order =
        ["status", "backup_dir", "rollback_applied", "canary_out_dir", "soak_summary", "promotion_status",
            "promotion_record"];

    /// <summary>Loads result.env; when <paramref name="workspaceRoot"/> is given, path values must stay inside
    /// it.</summary>
    public static CanaryResult Load(string path, string? workspaceRoot = null) =>
        Parse(KeyValueFile.Load(path), workspaceRoot);

    /// <summary>Validates parsed result.env text.</summary>
    public static CanaryResult Parse(KeyValueFile kv, string? workspaceRoot = null)
    {
        kv.RequireOrder(Order);
        var status = kv.RequiredEnum("status", Statuses);
        var rollback = kv.RequiredEnum("rollback_applied", "0", "1") == "1";
        var promotion = kv.RequiredEnum("promotion_status", PromotionStatuses);
        var record = kv.Required("promotion_record");
        if (status == "PASS" && rollback)
            throw new VvtvFormatException(kv.Source, kv.LineOf("rollback_applied"),
                "status=PASS with rollback_applied=1 is contradictory");
        if (status == "FAIL_ROLLBACK_SKIPPED" && rollback)
            throw new VvtvFormatException(kv.Source, kv.LineOf("rollback_applied"),
                "status=FAIL_ROLLBACK_SKIPPED with rollback_applied=1 is contradictory");
        if (status == "FAIL_ROLLBACK_APPLIED" && !rollback)
            throw new VvtvFormatException(kv.Source, kv.LineOf("rollback_applied"),
                "status=FAIL_ROLLBACK_APPLIED with rollback_applied=0 is contradictory");
        if (promotion == "PROMOTED" && record.Length == 0)
            throw new VvtvFormatException(kv.Source, kv.LineOf("promotion_record"),
                "promotion_status=PROMOTED but promotion_record is empty");
        var backupDir = kv.RequiredNonEmpty("backup_dir");
        var outDir = kv.RequiredNonEmpty("canary_out_dir");
        var soak = kv.RequiredNonEmpty("soak_summary");
        if (workspaceRoot is not null)
        {
            WorkspacePath.ResolveInside(workspaceRoot, backupDir, kv.Source, kv.LineOf("backup_dir"), "backup_dir");
            WorkspacePath.ResolveInside(workspaceRoot, outDir, kv.Source, kv.LineOf("canary_out_dir"),
                "canary_out_dir");
            WorkspacePath.ResolveInside(workspaceRoot, soak, kv.Source, kv.LineOf("soak_summary"), "soak_summary");
            if (record.Length > 0)
                WorkspacePath.ResolveInside(workspaceRoot, record, kv.Source, kv.LineOf("promotion_record"),
                    "promotion_record");
        }
        return new CanaryResult(status, backupDir, rollback, outDir, soak, promotion, record);
    }
}
