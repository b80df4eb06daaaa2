//! The importer on documents it was not written against: central conclusion notices,
//! directives, national programme tables and procedure-simplification plans
//! (`documents/corpus/`), each with a hand-written truth file. Prints one line per document
//! (tasks found / expected, spot checks passed, false leads) and asserts the targets:
//! task counts within tolerance on ≥ 90% of documents, ≥ 95% of spot checks, no false lead.

mod common;
#[path = "corpus/truth.rs"]
mod truth;

use std::path::PathBuf;

use cchc_domain::plan::ParsedDocument;
use cchc_import::{parse_document, ParseOptions};
use truth::{check_spot, stray_leads, Truth};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents/corpus")
}

/// Every corpus document with its truth, in name order.
fn corpus() -> Vec<(String, Vec<u8>, Truth)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap_or_else(|e| panic!("corpus: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let truth_path = p.with_extension("truth.toml");
            let text = std::fs::read_to_string(&truth_path).unwrap_or_else(|e| panic!("{truth_path:?}: {e}"));
            let truth: Truth = toml::from_str(&text).unwrap_or_else(|e| panic!("{truth_path:?}: {e}"));
            let name = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            (name, bytes, truth)
        })
        .collect()
}

fn parse(name: &str, bytes: &[u8]) -> Option<ParsedDocument> {
    parse_document(bytes, Some(&format!("{name}.txt")), &ParseOptions::default()).ok()
}

#[derive(Default)]
struct Totals {
    docs: usize,
    counts_ok: usize,
    spots: usize,
    spots_ok: usize,
    false_leads: usize,
}

#[test]
fn corpus_meets_the_targets() {
    let docs = corpus();
    assert!(docs.len() >= 20, "at least 20 corpus documents, found {}", docs.len());
    let mut tot = Totals::default();
    let mut failures = Vec::new();
    println!("{:<48} {:>9} {:>7} {:>6}", "document", "tasks", "spots", "false");
    for (name, bytes, truth) in &docs {
        assert!(matches!(truth.origin.as_str(), "real" | "composed") && !truth.note.is_empty(), "{name}");
        let doc = parse(name, bytes);
        let found = doc.as_ref().map_or(0, |d| d.tasks.len());
        let count_ok = found.abs_diff(truth.tasks) <= truth.tolerance;
        let mut passed = 0;
        let mut false_idx: Vec<usize> = Vec::new();
        for spot in &truth.spot {
            let Some(d) = &doc else {
                failures.push(format!("{name}: not imported"));
                continue;
            };
            let (r, idx) = check_spot(d, spot);
            if r.passed {
                passed += 1;
            } else {
                failures.push(format!("{name}: {}", r.why));
            }
            if let (true, Some(i)) = (r.false_lead, idx) {
                false_idx.push(i);
            }
        }
        if let Some(d) = &doc {
            for i in stray_leads(d, &truth.actors) {
                failures.push(format!("{name}: stray lead “{}” on task {}", d.tasks[i].lead.text, d.tasks[i].code));
                false_idx.push(i);
            }
        }
        false_idx.sort_unstable();
        false_idx.dedup();
        if !count_ok {
            failures.push(format!("{name}: {found} tasks, expected {} ± {}", truth.tasks, truth.tolerance));
        }
        let mark = if count_ok { ' ' } else { '!' };
        println!(
            "{name:<48} {found:>3}/{:<3}{mark} {passed:>3}/{:<3} {:>6}",
            truth.tasks,
            truth.spot.len(),
            false_idx.len()
        );
        tot.docs += 1;
        tot.counts_ok += usize::from(count_ok);
        tot.spots += truth.spot.len();
        tot.spots_ok += passed;
        tot.false_leads += false_idx.len();
    }
    let spot_rate = tot.spots_ok as f64 / tot.spots.max(1) as f64;
    let count_rate = tot.counts_ok as f64 / tot.docs.max(1) as f64;
    println!(
        "TOTAL: {} documents, counts within tolerance {}/{} ({:.0}%), spot checks {}/{} ({:.1}%), false leads {}",
        tot.docs,
        tot.counts_ok,
        tot.docs,
        count_rate * 100.0,
        tot.spots_ok,
        tot.spots,
        spot_rate * 100.0,
        tot.false_leads
    );
    for f in &failures {
        println!("  {f}");
    }
    assert!(count_rate >= 0.9, "task counts within tolerance on {:.0}% of documents", count_rate * 100.0);
    assert!(spot_rate >= 0.95, "spot checks passed: {:.1}%", spot_rate * 100.0);
    assert_eq!(tot.false_leads, 0, "false leads");
}

/// Every corpus document, and every cut of it at a line boundary, imports or refuses without a
/// panic.
#[test]
fn corpus_cuts_never_panic() {
    for (name, bytes, _) in corpus() {
        let text = String::from_utf8_lossy(&bytes);
        let ends: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).step_by(7).collect();
        for end in ends {
            let _ = parse(&name, &text.as_bytes()[..end]);
        }
    }
}

/// Every corpus document with lines dropped, repeated, swapped or given item markers, colons
/// and semicolons (a fixed pseudo-random sequence) imports or refuses without a panic.
#[test]
fn corpus_mutations_never_panic() {
    let marks = ["a) ", "- ", "+ ", "1. ", "II. ", "Giao ", "Thủ tục: ", "Cơ quan chủ trì: ", "|", "\t"];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for (name, bytes, _) in corpus() {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        for _ in 0..40 {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for _ in 0..4 {
                let i = next(lines.len());
                match next(5) {
                    0 => drop(lines.remove(i)),
                    1 => lines.insert(i, lines[i].clone()),
                    2 => {
                        let j = next(lines.len());
                        lines.swap(i, j);
                    }
                    3 => lines[i] = format!("{}{}", marks[next(marks.len())], lines[i]),
                    _ => lines[i].push_str([":", ";", "./."][next(3)]),
                }
                if lines.is_empty() {
                    break;
                }
            }
            let _ = parse(&name, lines.join("\n").as_bytes());
        }
    }
}
