//! Document metadata from the header block, title and body: number (`Số: 3098/QĐ-UBND`),
//! place and date (`Hà Tĩnh, ngày 31 tháng 12 năm 2024`), issuer, kind, title, plan year and
//! province. Scraped pages also carry a metadata table (`Số hiệu`, `Ngày ban hành`).

use cchc_domain::plan::DocumentKind;
use cchc_domain::text::fold;

use crate::lines::clean;
use chrono::NaiveDate;

use crate::blocks::Para;
use crate::lines::is_all_caps;

/// What the header yielded.
#[derive(Debug, Clone, Default)]
pub struct HeaderInfo {
    pub kind: Option<DocumentKind>,
    pub form: Option<DocumentKind>,
    pub number: Option<String>,
    /// `Số: /QĐ-UBND`: a draft with the number left blank.
    pub number_blank: bool,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub plan_year: Option<i32>,
    pub province: Option<String>,
}

/// Reads the metadata of a document from its paragraphs (table cells included).
pub fn extract(paras: &[Para]) -> HeaderInfo {
    let mut h = HeaderInfo::default();
    let head = &paras[..paras.len().min(120)];
    number(head, &mut h);
    if h.number.is_none() && !h.number_blank {
        number_in_body(paras, &mut h);
    }
    date_line(head, &mut h);
    if h.date.is_none() {
        h.date = metadata_date(head);
    }
    let kind_at = head.iter().position(|p| kind_word(&p.text).is_some());
    let inline = head.iter().find_map(|p| kind_prefix(&p.text).filter(|(_, rest)| rest.chars().count() > 5));
    h.form = form_of(h.number.as_deref())
        .or_else(|| kind_at.and_then(|i| kind_word(&head[i].text)))
        .or_else(|| inline.as_ref().map(|(k, _)| *k));
    if let Some(i) = kind_at {
        h.title = title_after(head, i);
    } else if let Some((_, rest)) = &inline {
        h.title = Some(rest.clone());
    }
    h.issuer = issuer(head).or_else(|| h.issuer.clone());
    let plan_heading = paras.iter().filter(|p| p.text.len() < 200).any(|p| {
        let f = fold(&p.text);
        f == "ke hoach" || f.starts_with("ke hoach ")
    });
    let title_f = h.title.as_deref().map(fold).unwrap_or_default();
    h.kind = match h.form {
        Some(DocumentKind::Decision)
            if title_f.contains("ke hoach") || (plan_heading && title_f.contains("ban hanh")) =>
        {
            Some(DocumentKind::Plan)
        }
        other => other,
    };
    if matches!(h.kind, Some(DocumentKind::Plan)) {
        h.plan_year = h.title.as_deref().and_then(plan_year);
    }
    h.province = province(&h, paras);
    h
}

fn kind_word(text: &str) -> Option<DocumentKind> {
    kind_prefix(text).filter(|(_, rest)| rest.is_empty()).map(|(k, _)| k)
}

/// `KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025` → (plan, `CẢI CÁCH HÀNH CHÍNH NĂM 2025`): the kind
/// word of an upper-case heading and the title that may follow it on the same line.
fn kind_prefix(text: &str) -> Option<(DocumentKind, String)> {
    if !is_all_caps(text) {
        return None;
    }
    let f = fold(text);
    let f = f.trim_end_matches(':').trim();
    for (word, kind) in
        [("quyet dinh", DocumentKind::Decision), ("ke hoach", DocumentKind::Plan), ("thong bao", DocumentKind::Notice)]
    {
        if f == word {
            return Some((kind, String::new()));
        }
        if f.starts_with(&format!("{word} ")) {
            let rest: String = text.trim().chars().skip(word.chars().count()).collect();
            return Some((kind, clean(&rest)));
        }
    }
    None
}

fn form_of(number: Option<&str>) -> Option<DocumentKind> {
    let n = fold(number?);
    if n.contains("/qd") {
        Some(DocumentKind::Decision)
    } else if n.contains("/kh") {
        Some(DocumentKind::Plan)
    } else if n.contains("/tb") {
        Some(DocumentKind::Notice)
    } else {
        None
    }
}

/// `3098/QĐ-UBND`, `01/2025/QĐ-UBND`, `659/TB-VPCP` at the start of `s`.
fn number_token(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches(':').trim();
    let end = s.find(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '(').unwrap_or(s.len());
    let tok = s[..end].trim_end_matches(['.', ')']);
    let starts_digit = tok.chars().next().is_some_and(|c| c.is_ascii_digit());
    let has_type = tok.split('/').skip(1).any(|p| p.chars().next().is_some_and(|c| c.is_uppercase()));
    (starts_digit && has_type).then(|| tok.to_string())
}

fn number(head: &[Para], h: &mut HeaderInfo) {
    for (i, p) in head.iter().enumerate() {
        let f = crate::lines::fold_start(&p.text, 12);
        // `fold` keeps one char per char of NFC Vietnamese, so char counts line up.
        let prefix = if f.starts_with("so hieu") {
            7
        } else if f.starts_with("so:") || f.starts_with("so :") {
            2
        } else {
            continue;
        };
        let rest: String = p.text.chars().skip(prefix).collect();
        let original = rest.as_str();
        let candidate = if original.trim().trim_matches(':').trim().is_empty() {
            head.get(i + 1).map(|n| n.text.as_str()).unwrap_or_default()
        } else {
            original
        };
        if let Some(n) = number_token(candidate) {
            h.number = Some(n);
            return;
        }
        let c = candidate.trim().trim_start_matches(':').trim();
        if c.starts_with('/') && c.len() > 2 {
            h.number_blank = true;
        }
    }
}

/// `… đã ban hành Thông báo số 5016/TB-VPUBND Kết luận của … ngày 12/5/2025.` (a news page).
fn number_in_body(paras: &[Para], h: &mut HeaderInfo) {
    for p in paras.iter().take(60) {
        if !p.text.contains("số") {
            continue;
        }
        let f = fold(&p.text);
        for (word, kind) in [
            ("thong bao so ", DocumentKind::Notice),
            ("quyet dinh so ", DocumentKind::Decision),
            ("ke hoach so ", DocumentKind::Plan),
        ] {
            let Some(pos) = f.find(word) else { continue };
            if !f.contains("ban hanh") {
                continue;
            }
            let chars_before = f[..pos + word.len()].chars().count();
            let rest: String = p.text.chars().skip(chars_before).collect();
            let Some(n) = number_token(&rest) else {
                continue;
            };
            h.number = Some(n.clone());
            h.form = Some(kind);
            let after = rest.trim_start()[n.len()..].trim();
            let title = after.rfind(" ngày ").map_or(after, |i| &after[..i]);
            h.title = Some(clean(title.trim_end_matches('.'))).filter(|t| t.chars().count() > 10);
            let before: String = p.text.chars().take(f[..pos].chars().count()).collect();
            if let Some(i) = fold(&before).find("da ban hanh") {
                let subj: String = before.chars().take(fold(&before)[..i].chars().count()).collect();
                let subj = subj.rsplit(',').next().unwrap_or(&subj).trim().to_string();
                if crate::agency::starts_with_agency(&subj) {
                    h.issuer = Some(subj);
                }
            }
            h.date = dmy_in(&before);
            return;
        }
    }
}

fn dmy_in(s: &str) -> Option<NaiveDate> {
    s.split(|c: char| c.is_whitespace() || c == ',').find_map(parse_dmy)
}

fn parse_dmy(s: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().trim_end_matches(['.', ',']).split('/').collect();
    if parts.len() != 3 {
        return None;
    }
    let d = parts[0].parse().ok()?;
    let m = parts[1].parse().ok()?;
    let y = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `Hà Tĩnh, ngày 31 tháng 12 năm 2024`.
fn date_line(head: &[Para], h: &mut HeaderInfo) {
    for p in head {
        let t = p.text.trim();
        let Some(comma) = t.find(", ngày") else {
            continue;
        };
        let place = t[..comma].trim();
        // The line is the place and the date only: "Theo đó, ngày 12/5/2025, Ban Chỉ đạo …" in
        // a body paragraph is not one.
        if place.is_empty()
            || place.chars().count() > 40
            || t[comma..].chars().count() > 40
            || !place.chars().next().is_some_and(|c| c.is_uppercase())
        {
            continue;
        }
        let nums: Vec<u32> =
            fold(&t[comma..]).split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
        h.place = Some(place.to_string());
        if let [d, m, y] = nums.as_slice() {
            h.date = NaiveDate::from_ymd_opt(*y as i32, *m, *d);
        }
        return;
    }
}

fn metadata_date(head: &[Para]) -> Option<NaiveDate> {
    head.windows(2).find_map(|w| {
        let f = fold(&w[0].text);
        if f.starts_with("ngay ban hanh") {
            let inline = w[0].text.rsplit([':', ' ']).next().and_then(parse_dmy);
            inline.or_else(|| parse_dmy(w[1].text.trim()))
        } else {
            None
        }
    })
}

fn title_after(head: &[Para], i: usize) -> Option<String> {
    let first = head.get(i + 1)?;
    let mut title = first.text.clone();
    let authority = ["chu tich", "uy ban", "ubnd", "bo truong", "hoi dong", "thu tuong", "can cu"];
    if is_all_caps(&first.text) {
        for p in head.iter().skip(i + 2).take(4) {
            let f = fold(&p.text);
            if !is_all_caps(&p.text) || authority.iter().any(|a| f.starts_with(a)) {
                break;
            }
            title.push(' ');
            title.push_str(&p.text);
        }
    }
    let f = fold(&title);
    (!f.starts_with("can cu") && title.chars().count() > 5).then(|| clean(&title))
}

fn issuer(head: &[Para]) -> Option<String> {
    let heads =
        ["uy ban nhan dan", "ubnd", "van phong", "bo ", "so ", "ban ", "hoi dong", "thu tuong", "chinh phu", "tinh uy"];
    let places = ["tinh ", "thanh pho ", "huyen ", "quan ", "xa ", "phuong "];
    head.iter().take(60).enumerate().find_map(|(i, p)| {
        let t = p.text.trim();
        let f = fold(t);
        let ok = is_all_caps(t)
            && heads.iter().any(|h| f.starts_with(h))
            && !f.starts_with("cong hoa")
            && t.chars().count() < 90;
        if !ok {
            return None;
        }
        // `ỦY BAN NHÂN DÂN` / `TỈNH ĐỒNG THÁP` on two lines of the header cell.
        let next = head
            .get(i + 1)
            .map(|n| n.text.trim())
            .filter(|n| is_all_caps(n) && places.iter().any(|pl| fold(n).starts_with(pl)));
        Some(clean(&match next {
            Some(n) if !places.iter().any(|pl| f.contains(pl.trim())) => format!("{t} {n}"),
            _ => t.to_string(),
        }))
    })
}

/// Year of an annual plan from its title: the last `năm 2025` not after `đến`, `tháng`, `giai đoạn`.
pub fn plan_year(title: &str) -> Option<i32> {
    let words: Vec<String> = fold(title)
        .split(|c: char| c.is_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    let mut found = None;
    for i in 1..words.len() {
        if words[i - 1] == "nam" && words[i].len() == 4 {
            let before = if i >= 2 { words[i - 2].as_str() } else { "" };
            let blocked = matches!(before, "den" | "doan") || (i >= 3 && words[i - 3] == "thang");
            if let (false, Ok(y)) = (blocked, words[i].parse::<i32>()) {
                found = Some(y);
            }
        }
    }
    found
}

fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs.flat_map(char::to_lowercase)).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `… tỉnh Hà Tĩnh năm 2025` → `Hà Tĩnh`: capitalised words after `tỉnh` / `thành phố`.
fn place_after(text: &str, words: &[&str]) -> Option<String> {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let stops = ["năm", "giai", "đến", "đối", "về", "trong", "theo", "của", "và", "ngày", "tại"];
    for i in 0..toks.len() {
        if !toks[i].starts_with(['t', 'T']) {
            continue;
        }
        let w = toks[i].to_lowercase();
        let two = toks.get(i + 1).map(|n| format!("{w} {}", n.to_lowercase())).unwrap_or_default();
        let skip = if words.contains(&w.as_str()) {
            1
        } else if words.contains(&two.as_str()) {
            2
        } else {
            continue;
        };
        let name: Vec<&str> = toks[i + skip..]
            .iter()
            .take_while(|t| {
                t.chars().next().is_some_and(|c| c.is_uppercase()) && !stops.contains(&t.to_lowercase().as_str())
            })
            .take(4)
            .map(|t| t.trim_end_matches([',', '.', ';', ')']))
            .collect();
        if !name.is_empty() {
            return Some(title_case(&name.join(" ")));
        }
    }
    None
}

fn province(h: &HeaderInfo, paras: &[Para]) -> Option<String> {
    let words = ["tỉnh", "thành phố"];
    if let Some(p) = h.issuer.as_deref().and_then(|i| place_after(i, &words)) {
        return Some(p);
    }
    if let Some(p) = h.title.as_deref().and_then(|t| place_after(t, &words)) {
        return Some(p);
    }
    let provincial = h
        .issuer
        .as_deref()
        .map(fold)
        .is_some_and(|f| f.contains("uy ban nhan dan") || f.contains("ubnd") || f.ends_with("tinh"));
    if provincial {
        if let Some(p) = paras.iter().find_map(|p| place_after(&p.text, &["tỉnh"])) {
            return Some(p);
        }
        return h.place.clone();
    }
    None
}

#[cfg(test)]
mod tests;
