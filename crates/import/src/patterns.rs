//! Documents assembled, from arbitrary bytes, out of the layouts of central conclusion notices,
//! directives and programme tables: items nested as `a)`, `b)`, `-`, `+`, each naming its own
//! actor, verb and deadline; several actors in one paragraph; tables flattened with one cell
//! per line; actors outside the province (ministries, state groups, other provinces). The fuzz
//! target `patterns` and the robust tests read what it makes: whatever the bytes, a document
//! holds only these pieces, so a check can tell an invented lead or deadline from a read one.

/// Actors the pieces name: the province's own units and bodies outside it.
pub const ACTORS: [&str; 9] = [
    "Bộ Tư pháp",
    "Bộ Nội vụ",
    "Bộ Y tế",
    "Tập đoàn Điện lực Việt Nam",
    "Tổng công ty Đường sắt Việt Nam",
    "Ủy ban nhân dân tỉnh Nghệ An",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Các Bộ, ngành, địa phương",
];

const WORK: [&str; 5] = [
    "rà soát quy định về thủ tục hành chính trong lĩnh vực được giao",
    "hoàn thiện hồ sơ Đề án chuyển đổi số",
    "tổng hợp kết quả thực hiện, báo cáo Thủ tướng Chính phủ",
    "hướng dẫn cắt giảm thời gian giải quyết hồ sơ",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
];

/// Deadlines the pieces write; every due date they name falls in 2025 or 2026.
const DEADLINES: [&str; 7] = [
    ", hoàn thành trước ngày 15/10/2025",
    " trong tháng 5/2026",
    ", chậm nhất trong quý III năm 2026",
    " trước ngày 20 tháng 9 năm 2025",
    "",
    ", báo cáo kết quả trước ngày 31/12/2025",
    " trong năm 2026",
];

const MARKERS: [&str; 6] = ["a)", "b)", "c)", "-", "+", "đ)"];

const TIMES: [&str; 5] = ["Năm 2026", "Quý II/2026", "2025 - 2026", "Tháng 10/2026", "Hằng năm"];

const HEAD: &str = "VĂN PHÒNG CHÍNH PHỦ\nSố: 100/TB-VPCP\nHà Nội, ngày 05 tháng 8 năm 2025\nTHÔNG BÁO\n\
    Kết luận của Phó Thủ tướng Chính phủ tại cuộc họp về cải cách thủ tục hành chính\n";

/// A document made of the pieces chosen by `bytes` (two bytes per piece; any length works).
pub fn document(bytes: &[u8]) -> String {
    let mut out = String::from(HEAD);
    let pick = |b: u8, n: usize| usize::from(b) % n;
    let mut table_row = 0;
    for (k, pair) in bytes.chunks(2).take(200).enumerate() {
        let (a, b) = (pair[0], pair.get(1).copied().unwrap_or(0));
        let actor = ACTORS[pick(a, ACTORS.len())];
        let other = ACTORS[pick(b, ACTORS.len())];
        let work = WORK[pick(a >> 3, WORK.len())];
        let deadline = DEADLINES[pick(b >> 3, DEADLINES.len())];
        match a % 6 {
            0 => out.push_str(&format!("{}. Các nhiệm vụ cụ thể:\n", k % 9 + 1)),
            1 => out.push_str(&format!(
                "{} {actor} chủ trì, phối hợp với {other} {work}{deadline}.\n",
                MARKERS[pick(b, 6)]
            )),
            2 => out.push_str(&format!("{} Giao {actor} {work}{deadline}.\n", MARKERS[pick(b, 6)])),
            3 => out.push_str(&format!("{actor} {work}{deadline}; {other} {}.\n", WORK[pick(b, WORK.len())])),
            4 => {
                if table_row == 0 {
                    out.push_str("TT\nNhiệm vụ\nCơ quan\nchủ trì\nCơ quan\nphối hợp\nThời gian\nthực hiện\n");
                }
                table_row += 1;
                let time = TIMES[pick(b, TIMES.len())];
                out.push_str(&format!(
                    "{table_row}\n{}\nđối với các cơ quan\n{actor}\n{other}\n{time}\n",
                    capital(work)
                ));
            }
            _ => {
                table_row = 0;
                out.push_str(&format!("{}. TỔ CHỨC THỰC HIỆN\n", ["II", "III", "IV"][pick(b, 3)]));
            }
        }
    }
    out.push_str("Văn phòng Chính phủ thông báo để các cơ quan liên quan biết, thực hiện./.\n");
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_bytes_make_a_document_of_the_pieces() {
        assert!(document(&[]).starts_with("VĂN PHÒNG CHÍNH PHỦ"));
        let d = document(&[4, 0, 4, 1, 1, 2, 5, 0]);
        assert!(d.contains("TT\nNhiệm vụ\nCơ quan\nchủ trì") && d.contains("\n2\n"), "{d}");
        assert!(d.contains("III. TỔ CHỨC THỰC HIỆN") || d.contains("II. TỔ CHỨC") || d.contains("IV. TỔ CHỨC"));
    }
}
