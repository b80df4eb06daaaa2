//! The untimed part of `cchc bench par`: a fresh database (a SQLite file in the working
//! directory, or a fresh schema of the configured PostgreSQL database), the synthetic round,
//! the accounts, every unit's self-scores, and the submissions that are not part of the surge.

use std::path::Path;
use std::sync::Arc;

use cchc_app::synthetic::names::Rng;
use cchc_app::synthetic::par::{par_round, self_scores, ParOptions, ParRound};
use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewUser;
use cchc_storage::{ConnectOptions, DynStore};

/// The database of one run: the store, the URL `cchc serve` opens it with, and its label.
pub struct Database {
    pub store: DynStore,
    pub url: String,
    pub label: String,
}

/// A fresh database for the run of bench `name` (`par`, `surge`): `DIR/NAME.db`, or the
/// schema `cchc_bench_NAME_PID`.
pub async fn fresh(configured: &str, dir: &Path, name: &str) -> anyhow::Result<Database> {
    let url = configured.trim();
    if url.starts_with("postgres") {
        let schema = format!("cchc_bench_{name}_{}", std::process::id());
        let s = cchc_storage::postgres::open(url, &ConnectOptions { max_connections: 8 }, Some(&schema)).await?;
        // The server gets the same schema through the connection options of its URL.
        let sep = if url.contains('?') { '&' } else { '?' };
        return Ok(Database {
            store: Arc::new(s),
            url: format!("{url}{sep}options[search_path]={schema}"),
            label: format!("PostgreSQL, schema {schema}"),
        });
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{name}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let url = format!("sqlite://{}", path.display());
    let store = cchc_storage::connect(&url, &ConnectOptions::default()).await?;
    Ok(Database { store, url, label: format!("SQLite {}", path.display()) })
}

/// Who logs in: the focal point of a draft unit (the scoring form), the focal point of a
/// submitted unit (the page with its rank), and the heads of the surge's units.
pub struct Accounts {
    pub password: String,
    pub draft_focal: String,
    pub sent_focal: String,
    /// (login, assessment id) of each head in the surge.
    pub heads: Vec<(String, i64)>,
}

async fn add_user(store: &DynStore, login: &str, role: Role, unit: i64, hash: &str) -> anyhow::Result<()> {
    let user = NewUser {
        login: login.to_string(),
        full_name: format!("Tài khoản đo hiệu năng {login}"),
        email: String::new(),
        password_hash: hash.to_string(),
        role,
        unit_id: Some(unit),
        must_change_password: false,
    };
    store.create_user(&Actor::system(), &user).await?;
    Ok(())
}

/// Builds the round (`surge` heads, then every other unit submitted by the store except the
/// first, which stays a draft) with every unit's self-scores filled.
pub async fn prepare(store: &DynStore, opts: &ParOptions, surge: usize) -> anyhow::Result<(ParRound, Accounts)> {
    let round = par_round(store, opts).await?;
    let n = round.assessments.len();
    anyhow::ensure!(n >= surge + 2, "cần ít nhất {} đơn vị cho {surge} đơn vị nộp cùng lúc", surge + 2);
    let password = cchc_app::password::random_password_for("cchc-bench");
    let hash = cchc_app::password::hash_password(&password).map_err(|e| anyhow::anyhow!(e))?;
    let (first, last) = (&round.assessments[0], &round.assessments[n - 1]);
    add_user(store, "bench.focal.draft", Role::UnitFocal, first.unit_id, &hash).await?;
    add_user(store, "bench.focal.sent", Role::UnitFocal, last.unit_id, &hash).await?;
    let mut heads = Vec::new();
    for (i, a) in round.assessments[1..=surge].iter().enumerate() {
        let login = format!("bench.head.{i}");
        add_user(store, &login, Role::UnitHead, a.unit_id, &hash).await?;
        heads.push((login, a.id));
    }
    fill(store, &round, opts.seed).await?;
    let actor = Actor::cli();
    for a in &round.assessments[surge + 1..] {
        let a = store.assessment(a.id, Visibility::Province).await?;
        store.move_assessment(&actor, a.id, a.version, ReviewAction::Submit, round.round.self_due, None).await?;
    }
    let accounts =
        Accounts { password, draft_focal: "bench.focal.draft".into(), sent_focal: "bench.focal.sent".into(), heads };
    Ok((round, accounts))
}

/// Every unit's self-scores, four units at a time.
async fn fill(store: &DynStore, round: &ParRound, seed: u64) -> anyhow::Result<()> {
    let mut rng = Rng::fork(seed, 7);
    let work: Vec<_> = round.assessments.iter().map(|a| (a.id, a.version, self_scores(&round.set, &mut rng))).collect();
    let mut set = tokio::task::JoinSet::new();
    for chunk in work.chunks(work.len().div_ceil(4).max(1)) {
        let (store, chunk) = (store.clone(), chunk.to_vec());
        set.spawn(async move {
            for (id, version, scores) in chunk {
                store.save_self_scores(&Actor::cli(), id, version, &scores).await?;
            }
            Ok::<(), cchc_storage::StoreError>(())
        });
    }
    while let Some(r) = set.join_next().await {
        r??;
    }
    Ok(())
}
