//! Targets (chỉ tiêu) from an indicator table (Phụ lục 1: indicator, target, monitoring and
//! implementing units, level rows, component indicators) or, without one, from the numbered
//! items of a plan's target section (`II. CÁC CHỈ TIÊU CHỦ YẾU`, `2. Mục tiêu cụ thể`).

use cchc_domain::plan::{AreaScope, Assignment, PlanArea, PlanTarget, Source, TargetLevel};
use cchc_domain::text::fold;

use crate::lines::clean;

use crate::agency;
use crate::align::Slot;
use crate::blocks::Para;
use crate::columns::{Header, Role};
use crate::numbering::{leading_code, roman_value};
use crate::rows::Aligned;
use crate::values::{extract, level_of};

/// Targets and their groups.
#[derive(Debug, Default)]
pub struct TargetsOut {
    pub areas: Vec<PlanArea>,
    pub targets: Vec<PlanTarget>,
}

fn text_of(row: &Aligned, header: &Header, role: Role) -> Option<String> {
    let c = header.col(role)?;
    match row.slots.get(c)? {
        Slot::Text(t) => Some(clean(t)).filter(|t| !t.is_empty() && t != "-"),
        _ => None,
    }
}

fn parent_group(groups: &[PlanArea], code: &str) -> Option<String> {
    groups.iter().rev().find(|g| code.starts_with(&format!("{}.", g.code))).map(|g| g.code.clone())
}

/// Reads an indicator table.
pub fn from_table(rows: &[Aligned], header: &Header) -> TargetsOut {
    let mut out = TargetsOut::default();
    let mut group: Option<String> = None;
    let mut current: Option<usize> = None;
    let mut sub = 0usize;
    let mut last_agencies = (String::new(), String::new());
    for row in rows {
        let tt = text_of(row, header, Role::No);
        let label = text_of(row, header, Role::Indicator);
        let value = text_of(row, header, Role::TargetValue);
        let monitoring = text_of(row, header, Role::Monitoring).map(|t| agency::cell_text(&t)).unwrap_or_default();
        let implementing = text_of(row, header, Role::Implementing).map(|t| agency::cell_text(&t)).unwrap_or_default();
        match tt {
            Some(code) if value.is_none() && monitoring.is_empty() && implementing.is_empty() => {
                let parent = parent_group(&out.areas, &code);
                out.areas.push(PlanArea {
                    code: code.clone(),
                    title: label.unwrap_or_default(),
                    parent,
                    scope: AreaScope::Targets,
                    source: row.source.clone(),
                });
                group = Some(code);
                current = None;
                sub = 0;
                last_agencies = (String::new(), String::new());
            }
            Some(code) => {
                let area = parent_group(&out.areas, &code);
                let (m, i) = inherit(&mut last_agencies, monitoring, implementing);
                out.targets.push(target(code, area, label.unwrap_or_default(), value, m, i, &row.source));
                current = Some(out.targets.len() - 1);
                sub = 0;
            }
            None => {
                let Some(label) = label else { continue };
                let level = level_of(&label);
                let level_row = level != TargetLevel::Unspecified && value.is_some() && monitoring.is_empty();
                if let (true, Some(idx)) = (level_row, current) {
                    if let Some(t) = out.targets.get_mut(idx) {
                        let v = value.unwrap_or_default();
                        let mut vals = extract(&v);
                        for val in &mut vals {
                            val.level = level;
                            val.text = clean(&format!("{}: {}", label.trim_start_matches(['-', ' ']), v));
                        }
                        t.values.extend(vals);
                        t.source = t.source.merge(&row.source);
                    }
                    continue;
                }
                sub += 1;
                let parent = current
                    .and_then(|i| out.targets.get(i))
                    .map(|t| t.code.clone())
                    .or_else(|| group.clone())
                    .unwrap_or_default();
                let code = if parent.is_empty() { sub.to_string() } else { format!("{parent}.{sub}") };
                let (m, i) = inherit(&mut last_agencies, monitoring, implementing);
                let label = label.trim_start_matches(['-', ' ']).to_string();
                out.targets.push(target(code, group.clone(), label, value, m, i, &row.source));
            }
        }
    }
    out
}

/// Empty agency cells of consecutive targets are vertically merged cells: take the last ones.
fn inherit(last: &mut (String, String), m: String, i: String) -> (String, String) {
    let m = if m.is_empty() { last.0.clone() } else { m };
    let i = if i.is_empty() { last.1.clone() } else { i };
    *last = (m.clone(), i.clone());
    (m, i)
}

fn target(
    code: String,
    area: Option<String>,
    text: String,
    value: Option<String>,
    m: String,
    i: String,
    source: &Source,
) -> PlanTarget {
    let values = value.as_deref().map(extract).unwrap_or_default();
    PlanTarget {
        code,
        area,
        text,
        target_text: value,
        values,
        monitoring: Assignment::new(&m),
        implementing: Assignment::new(&i),
        source: source.clone(),
    }
}

/// Whether a heading opens the target section.
fn is_target_heading(code: &str, title: &str) -> bool {
    let f = fold(title);
    if roman_value(code).is_some() {
        return f.contains("chi tieu");
    }
    f.starts_with("muc tieu cu the")
        || f.starts_with("chi tieu cu the")
        || f.starts_with("muc tieu, chi tieu")
        || f.starts_with("cac chi tieu")
}

fn depth(code: &str) -> usize {
    if roman_value(code).is_some() {
        0
    } else {
        code.split('.').count()
    }
}

/// Reads the target section of a plan's prose.
pub fn from_prose(paras: &[Para]) -> TargetsOut {
    let mut out = TargetsOut::default();
    let Some((start, level)) = paras.iter().enumerate().find_map(|(i, p)| {
        let (code, rest) = leading_code(&p.text)?;
        is_target_heading(&code, rest).then_some((i, depth(&code)))
    }) else {
        return out;
    };
    let mut group: Option<String> = None;
    let mut subgroups = 0usize;
    let mut coded_group: Option<String> = None;
    let mut counter = 0usize;
    for p in &paras[start + 1..] {
        let coded = leading_code(&p.text)
            .filter(|(c, _)| roman_value(c).is_some() || c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
        if let Some((code, _)) = &coded {
            if depth(code) <= level {
                break;
            }
        }
        let body = coded.as_ref().map_or(p.text.as_str(), |(_, r)| r).trim();
        let bare = body.trim_start_matches(['-', '+', '•', ' ']);
        let values = extract(bare);
        let heading = values.is_empty()
            && bare.chars().count() < 100
            && !bare.ends_with('.')
            && (coded.is_some() || p.emphasized || bare.ends_with(':'));
        if heading {
            let (code, parent) = match &coded {
                Some((c, _)) => {
                    subgroups = 0;
                    coded_group = Some(c.clone());
                    (c.clone(), parent_group(&out.areas, c))
                }
                None => {
                    subgroups += 1;
                    let letter = char::from(b'a' + (subgroups.min(26) - 1) as u8);
                    let base = coded_group.clone().unwrap_or_default();
                    (if base.is_empty() { letter.to_string() } else { format!("{base}.{letter}") }, coded_group.clone())
                }
            };
            out.areas.push(PlanArea {
                code: code.clone(),
                title: bare.trim_end_matches(':').to_string(),
                parent,
                scope: AreaScope::Targets,
                source: p.source.clone(),
            });
            group = Some(code);
            counter = 0;
            continue;
        }
        if bare.is_empty() {
            continue;
        }
        counter += 1;
        let code = match &coded {
            Some((c, _)) if c.contains('.') => c.clone(),
            _ => format!("{}.{counter}", group.clone().unwrap_or_default()),
        };
        out.targets.push(PlanTarget {
            code,
            area: group.clone(),
            text: clean(bare),
            target_text: None,
            values,
            monitoring: Assignment::default(),
            implementing: Assignment::default(),
            source: p.source.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, line: usize) -> Para {
        Para { text: text.into(), source: Source::lines(line, line), emphasized: false }
    }

    #[test]
    fn prose_section() {
        let paras = vec![
            para("I. MỤC ĐÍCH, YÊU CẦU", 1),
            para("1.1 Nâng cao chất lượng chỉ đạo.", 2),
            para("II. CÁC CHỈ TIÊU CHỦ YẾU", 3),
            para("1. Chỉ đạo điều hành CCHC", 4),
            para("1.1. 100% các Sở ban hành kế hoạch.", 5),
            para("7. Xây dựng chính quyền số", 6),
            para("7.5. 100% hồ sơ tại cơ quan cấp tỉnh, 90% tại UBND cấp huyện và 70% tại UBND cấp xã.", 7),
            para("III. NHIỆM VỤ", 8),
            para("1.1. Không phải chỉ tiêu 100%.", 9),
        ];
        let out = from_prose(&paras);
        let codes: Vec<&str> = out.targets.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["1.1", "7.5"]);
        assert_eq!(out.targets[1].values.len(), 3);
        assert_eq!(out.areas.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(), ["1", "7"]);
    }
}
