//! `cchc check`: is the database whole? Run after a crash (or any time): the audit chain
//! verifies (against the published heads), every plan document has the tasks, targets and
//! instances its import recorded and no identity has two active versions, every file row has
//! its content with the recorded size and SHA-256, and the index-766 state built import by
//! import equals a full recompute. (A reorganisation moves the open work in the transaction
//! that records it, so it has nothing to check here.) Each check says what it looked at; a problem names the rows.

use cchc_domain::audit::ChainHead;
use cchc_storage::traits_check::BlobTable;
use cchc_storage::DynStore;

use crate::accounts::ServiceError;

/// File rows read per query (contents included).
const BLOB_PAGE: i64 = 200;

/// One check's result: what was looked at, and the problems found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: &'static str,
    pub seen: String,
    pub problems: Vec<String>,
}

/// Every check's finding, in order.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// No check found a problem.
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.problems.is_empty())
    }
}

/// Runs every check.
pub async fn run(store: &DynStore, anchors: &[ChainHead]) -> Result<CheckReport, ServiceError> {
    let mut r = CheckReport::default();
    r.findings.push(audit(store, anchors).await?);
    r.findings.push(plans(store).await?);
    r.findings.push(files(store).await?);
    r.findings.push(kpi(store).await?);
    Ok(r)
}

async fn audit(store: &DynStore, anchors: &[ChainHead]) -> Result<Finding, ServiceError> {
    let (seen, problems) = match store.verify_audit_anchored(anchors).await? {
        Ok(n) => (format!("{n} mục, {} mốc đã công bố", anchors.len()), Vec::new()),
        Err(e) => ("chuỗi băm".to_string(), vec![e.to_string()]),
    };
    Ok(Finding { check: "nhật ký kiểm tra", seen, problems })
}

async fn plans(store: &DynStore) -> Result<Finding, ServiceError> {
    let docs = store.document_facts().await?;
    let mut problems = Vec::new();
    let mut active = std::collections::HashMap::new();
    for d in &docs {
        if d.active && active.insert(d.identity.clone(), d.id).is_some() {
            problems.push(format!("văn bản «{}» có hai phiên bản đang hiệu lực", d.identity));
        }
        let Some(after) = &d.audit_after else {
            problems.push(format!("văn bản {} không có mục nhật ký nhập", d.id));
            continue;
        };
        let recorded: serde_json::Value = serde_json::from_str(after).unwrap_or_default();
        let count = |k: &str| recorded.get(k).and_then(serde_json::Value::as_i64);
        if count("tasks") != Some(d.tasks) || count("targets") != Some(d.targets) {
            problems.push(format!(
                "văn bản {}: {} nhiệm vụ, {} chỉ tiêu trong bảng, nhật ký ghi {:?} và {:?}",
                d.id,
                d.tasks,
                d.targets,
                count("tasks"),
                count("targets")
            ));
        }
        if d.tasks > 0 && d.instances == 0 {
            problems.push(format!("văn bản {}: {} nhiệm vụ nhưng không có lần thực hiện nào", d.id, d.tasks));
        }
    }
    let tasks: i64 = docs.iter().map(|d| d.tasks).sum();
    Ok(Finding {
        check: "kế hoạch đã nhập", seen: format!("{} văn bản, {tasks} nhiệm vụ", docs.len()), problems
    })
}

async fn files(store: &DynStore) -> Result<Finding, ServiceError> {
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for table in BlobTable::ALL {
        let (mut after, mut n) = (0, 0usize);
        loop {
            let page = store.stored_blobs(table, after, BLOB_PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            n += page.len();
            for b in &page {
                match &b.content {
                    None => problems.push(format!("{} {}: không có nội dung tệp", table.name(), b.id)),
                    Some(c) if c.len() as i64 != b.size => {
                        problems.push(format!("{} {}: {} byte, bản ghi ghi {}", table.name(), b.id, c.len(), b.size))
                    }
                    Some(c) if crate::plans::sha256(c) != b.sha256 => {
                        problems.push(format!("{} {}: SHA-256 của nội dung không khớp", table.name(), b.id))
                    }
                    Some(_) => {}
                }
            }
            if (page.len() as i64) < BLOB_PAGE {
                break;
            }
        }
        seen.push(format!("{n} {}", table.name()));
    }
    Ok(Finding { check: "tệp lưu trong cơ sở dữ liệu", seen: seen.join(", "), problems })
}

async fn kpi(store: &DynStore) -> Result<Finding, ServiceError> {
    let internal = |e: crate::kpi::KpiError| ServiceError::Internal(e.to_string());
    let v = crate::kpi::verify::verify_incremental(store, crate::kpi::now_local()).await.map_err(internal)?;
    let mut problems: Vec<String> =
        v.differing.iter().map(|m| format!("phương pháp {m}: trạng thái tăng dần khác tính lại toàn bộ")).collect();
    if v.loaded as i64 != v.dossiers {
        problems.push(format!("{} hồ sơ lưu, {} hồ sơ trong phạm vi đầu thay đổi {}", v.dossiers, v.loaded, v.rev));
    }
    let beyond = store.dossiers_beyond_head().await?;
    if beyond > 0 {
        problems.push(format!("{beyond} hồ sơ ghi sau đầu thay đổi {}", v.rev));
    }
    let seen = format!("{} hồ sơ, {} lần nhập, {} phiên bản phương pháp", v.dossiers, v.rev, v.versions);
    Ok(Finding { check: "chỉ số 766", seen, problems })
}
