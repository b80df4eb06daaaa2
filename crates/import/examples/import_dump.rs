//! Developer aid: parse a file and print the Vietnamese summary, one line per task and target,
//! or the dry-run JSON.
//!
//! `cargo run -p cchc-import --example import_dump -- FILE [--json] [--resolve]`

use cchc_domain::registry_file::default_registry;
use cchc_domain::resolver::Resolver;
use cchc_import::{parse_document, resolve_agencies, summary, to_json, ParseOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: import_dump FILE [--json] [--resolve]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut doc = match parse_document(&bytes, Some(path), &ParseOptions::default()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if args.iter().any(|a| a == "--resolve") {
        match default_registry() {
            Ok((units, changes)) => resolve_agencies(&mut doc, &Resolver::new(&units, &changes), None),
            Err(e) => eprintln!("registry: {e:?}"),
        }
    }
    if args.iter().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&to_json(&doc)).unwrap_or_default());
        return;
    }
    println!("{}", summary(&doc));
    for t in &doc.tasks {
        println!(
            "[{}{}] {} | chủ trì: {} {:?} | phối hợp: {} | hạn: {} {:?} {:?} | {} hoạt động | {}",
            t.area.as_deref().map(|a| format!("{a} ")).unwrap_or_default(),
            t.code,
            t.title.chars().take(60).collect::<String>(),
            t.lead.text,
            t.lead.names,
            t.coordinating.text,
            t.deadline.text,
            t.deadline.kind,
            t.deadline.due,
            t.activities.len(),
            t.source.label()
        );
    }
    for t in &doc.targets {
        let values: Vec<String> = t.values.iter().map(|v| format!("{:?} {}", v.level, v.number)).collect();
        println!("chỉ tiêu {} | {} | {}", t.code, t.text.chars().take(60).collect::<String>(), values.join(", "));
    }
}
