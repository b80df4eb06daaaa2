//! Text files to blocks: finds the table regions (tab-separated, the three pipe dialects of
//! `text_table`, and the separator-less dialect of `stacked`) and turns the remaining lines into
//! paragraphs, re-joining hard-wrapped lines.

use cchc_domain::plan::Source;

use crate::blocks::{Block, Para};
use crate::lines::{is_rule, join_wrapped, looks_wrapped, strip_markdown};
use crate::{text_table, tsv};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Bar,
    CellA,
    RowC,
    Tab,
    Text,
}

fn kind(line: &str) -> Kind {
    let t = line.trim();
    if t.is_empty() {
        return Kind::Blank;
    }
    if t.chars().all(|c| c == '|') {
        return Kind::Bar;
    }
    if line.matches('\t').count() >= 2 {
        return Kind::Tab;
    }
    if t.starts_with('|') && t.ends_with('|') && t.matches('|').count() >= 3 {
        return Kind::RowC;
    }
    if t.ends_with('|') {
        return Kind::CellA;
    }
    Kind::Text
}

/// Reads decoded text into blocks.
pub fn read(text: &str) -> Vec<Block> {
    let lines: Vec<(usize, &str)> =
        text.split('\n').enumerate().map(|(i, l)| (i + 1, l.trim_end_matches('\r'))).collect();
    let kinds: Vec<Kind> = lines.iter().map(|l| kind(l.1)).collect();
    let prose_lines: Vec<&str> =
        lines.iter().zip(&kinds).filter(|(_, k)| **k == Kind::Text).map(|(l, _)| l.1).collect();
    let wrapped = looks_wrapped(&prose_lines);
    let mut blocks = Vec::new();
    let mut prose: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let end = match kinds[i] {
            Kind::Tab => Some((region_tsv(&kinds, i), Dialect::Tsv)),
            Kind::RowC => Some((run(&kinds, i, |k| k == Kind::RowC), Dialect::C)),
            Kind::Bar | Kind::CellA => {
                if dialect_a_ahead(&kinds, i) {
                    Some((region_a(&kinds, i), Dialect::A))
                } else {
                    Some((region_b(&kinds, i), Dialect::B))
                }
            }
            Kind::Blank | Kind::Text => None,
        };
        match end {
            Some((end, dialect)) => {
                flush_prose(&mut blocks, &mut prose, wrapped);
                let region = &lines[i..end.max(i + 1)];
                let table = match dialect {
                    Dialect::Tsv => tsv::parse(region),
                    Dialect::A => text_table::parse_a(region),
                    Dialect::B => text_table::parse_b(region),
                    Dialect::C => text_table::parse_c(region),
                };
                if !table.rows.is_empty() {
                    blocks.push(Block::Table(table));
                }
                i = end.max(i + 1);
            }
            None if kinds[i] == Kind::Text && crate::stacked::opens_header(lines[i].1) => {
                match crate::stacked::parse(&lines, i) {
                    Some((end, table)) => {
                        flush_prose(&mut blocks, &mut prose, wrapped);
                        blocks.push(Block::Table(table));
                        i = end;
                    }
                    None => {
                        prose.push(lines[i]);
                        i += 1;
                    }
                }
            }
            None => {
                prose.push(lines[i]);
                i += 1;
            }
        }
    }
    flush_prose(&mut blocks, &mut prose, wrapped);
    blocks
}

#[derive(Debug, Clone, Copy)]
enum Dialect {
    Tsv,
    A,
    B,
    C,
}

fn run(kinds: &[Kind], i: usize, ok: impl Fn(Kind) -> bool) -> usize {
    let mut j = i;
    while j < kinds.len() && ok(kinds[j]) {
        j += 1;
    }
    j
}

fn next_non_blank(kinds: &[Kind], from: usize) -> Option<(usize, Kind)> {
    kinds.iter().enumerate().skip(from).find(|(_, k)| **k != Kind::Blank).map(|(j, k)| (j, *k))
}

fn region_tsv(kinds: &[Kind], i: usize) -> usize {
    let mut j = i;
    loop {
        j = run(kinds, j, |k| k == Kind::Tab);
        match next_non_blank(kinds, j) {
            Some((n, Kind::Tab)) if n - j <= 2 => j = n,
            _ => return j,
        }
    }
}

fn dialect_a_ahead(kinds: &[Kind], i: usize) -> bool {
    kinds.iter().skip(i).filter(|k| **k != Kind::Blank).take(12).any(|k| *k == Kind::CellA)
}

fn region_a(kinds: &[Kind], i: usize) -> usize {
    let mut j = i;
    while j < kinds.len() {
        match kinds[j] {
            Kind::Bar | Kind::CellA => j += 1,
            Kind::Text => {
                let text_end = run(kinds, j, |k| k == Kind::Text);
                if text_end - j <= 8 && kinds.get(text_end) == Some(&Kind::CellA) {
                    j = text_end;
                } else {
                    return j;
                }
            }
            Kind::Blank => match next_non_blank(kinds, j) {
                Some((n, Kind::Bar | Kind::CellA)) if n - j <= 2 => j = n,
                _ => return j,
            },
            Kind::Tab | Kind::RowC => return j,
        }
    }
    j
}

fn region_b(kinds: &[Kind], i: usize) -> usize {
    let mut j = i;
    let mut last_non_blank = Kind::Bar;
    while j < kinds.len() {
        match kinds[j] {
            Kind::Bar | Kind::Text => {
                last_non_blank = kinds[j];
                j += 1;
            }
            Kind::Blank => {
                let next = next_non_blank(kinds, j);
                let ends = last_non_blank == Kind::Bar && !matches!(next, Some((_, Kind::Bar)));
                if ends || next.is_none() {
                    return j;
                }
                j += 1;
            }
            Kind::CellA | Kind::Tab | Kind::RowC => return j,
        }
    }
    j
}

fn flush_prose(blocks: &mut Vec<Block>, prose: &mut Vec<(usize, &str)>, wrapped: bool) {
    if prose.is_empty() {
        return;
    }
    if wrapped {
        let raw: Vec<(usize, String)> = prose.iter().map(|(n, l)| (*n, l.to_string())).collect();
        for j in join_wrapped(&raw, false) {
            blocks.push(Block::Para(Para {
                text: j.text,
                source: Source::lines(j.first, j.last),
                emphasized: j.emphasized,
            }));
        }
    } else {
        for (no, l) in prose.iter() {
            let raw = l.trim();
            if is_rule(raw) {
                continue;
            }
            let (text, emphasized) = strip_markdown(raw);
            if !text.is_empty() {
                blocks.push(Block::Para(Para { text, source: Source::lines(*no, *no), emphasized }));
            }
        }
    }
    prose.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_order() {
        let text = "QUYẾT ĐỊNH\n| Số hiệu | 12/QĐ-UBND |\nĐoạn văn.\nTT\tNhiệm vụ\tChủ trì\n1\tRà soát\tSở Nội vụ\n";
        let blocks = read(text);
        let kinds: Vec<&str> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(_) => "p",
                Block::Table(_) => "t",
            })
            .collect();
        assert_eq!(kinds, ["p", "t", "p", "t"]);
    }
}
