//! Registry file tests: reading (CSV and cell tables), every validation rule with its line,
//! building the registry, and export → import round trips.

use chrono::NaiveDate;

use super::*;
use crate::unit::UnitKind;

const HEADER: &str = "code,kind,parent_code,name,abbreviations,aliases,valid_from,valid_to,change,successor_codes,note";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn rows(text: &str) -> Vec<UnitRow> {
    match read_csv(text) {
        Ok(r) => r,
        Err(e) => {
            assert!(e.is_empty(), "{e:?}");
            Vec::new()
        }
    }
}

/// `line: column: fragment` of each error, for table comparisons.
fn errors_of(result: Result<(), Vec<RowError>>) -> Vec<(usize, Option<String>, String)> {
    result.err().unwrap_or_default().into_iter().map(|e| (e.line, e.column, e.message)).collect()
}

#[test]
fn reads_quoted_fields_lists_dates_and_labels() {
    let text = format!(
        "{HEADER}\n\
         HT,Tỉnh,,Tỉnh Hà Tĩnh,,Hà Tĩnh,,,,,\n\
         HT-SVH,\"Sở, ban, ngành\",ht,\"Sở Văn hóa, Thể thao và Du lịch\",Sở VH-TT&DL; Sở VHTTDL,,01/04/2008,,,,\"Ghi chú\ntrên hai dòng, có \"\"ngoặc\"\"\"\n\
         HT-STTTT,department,HT,Sở Thông tin và Truyền thông,Sở TT&TT,,2008-04-01,28/02/2025,Hợp nhất / sáp nhập,HT-SVH,\n"
    );
    let r = rows(&text);
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].kind, UnitKind::Province);
    assert_eq!(r[0].aliases, ["Hà Tĩnh"]);
    assert_eq!(r[1].kind, UnitKind::Department);
    assert_eq!(r[1].parent_code.as_deref(), Some("HT"));
    assert_eq!(r[1].name, "Sở Văn hóa, Thể thao và Du lịch");
    assert_eq!(r[1].abbreviations, ["Sở VH-TT&DL", "Sở VHTTDL"]);
    assert_eq!(r[1].note, "Ghi chú trên hai dòng, có \"ngoặc\"");
    assert_eq!(r[1].valid_from, Some(d(2008, 4, 1)));
    assert_eq!(r[2].line, 5, "the quoted line break moves the next row to line 5");
    assert_eq!(r[2].valid_from, Some(d(2008, 4, 1)));
    assert_eq!(r[2].change, Some(crate::unit::ChangeKind::Merge));
    assert_eq!(r[2].successor_codes, ["HT-SVH"]);
}

#[test]
fn bom_semicolons_and_vietnamese_headers() {
    let text = "\u{feff}Mã;Loại;Mã đơn vị cha;TÊN;Tên viết tắt;Hiệu lực từ;Hiệu lực đến;Hình thức thay đổi;Đơn vị kế thừa;Ghi chú\r\n\
                BD;province;;Tỉnh Bình Định;;;;;;\r\n\
                BD-BDT;department;BD;Ban Dân tộc;BDT;;28/02/2025;rename;BD-SDTTG;a, b\r\n\
                BD-SDTTG;department;BD;Sở Dân tộc và Tôn giáo;Sở DT&TG;01/03/2025;;;;\r\n";
    let r = rows(text);
    assert_eq!(r.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["BD", "BD-BDT", "BD-SDTTG"]);
    assert_eq!(r[1].note, "a, b");
    assert_eq!(r[1].line, 3);
    assert_eq!(validate(&r, &[]), Ok(()));
}

#[test]
fn nfd_text_is_stored_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = format!("{HEADER}\nX,department,,Sở   Nội vụ ,,,,,,,\n").nfd().collect();
    let r = rows(&nfd);
    assert_eq!(r[0].name, "Sở Nội vụ");
}

#[test]
fn spreadsheet_rows_with_blank_rows_serial_dates_and_row_numbers() {
    let cell = |s: &str| s.to_string();
    let table = vec![
        vec![cell("STT"), cell("Mã"), cell("Loại"), cell("Tên"), cell("Hiệu lực đến"), cell("")],
        vec![cell("1"), cell("P"), cell("province"), cell("Tỉnh P"), cell(""), cell("")],
        vec![cell(""), cell(""), cell(""), cell(""), cell(""), cell("")],
        vec![cell("2"), cell("P-A"), cell("Phòng"), cell("Sở A"), cell("45716"), cell("")],
    ];
    let records = |t: &[Vec<String>]| -> Vec<Record> {
        t.iter().enumerate().map(|(i, c)| Record { line: i + 1, cells: c.clone() }).collect()
    };
    let err = read_table(&records(&table)).err().unwrap_or_default();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].line, 4);
    assert_eq!(err[0].column.as_deref(), Some("kind"));
    assert!(err[0]
        .to_string()
        .starts_with("dòng 4, cột `kind`: loại đơn vị «Phòng» không hợp lệ; dùng một trong: province, department"));
    let mut fixed = table.clone();
    fixed[3][2] = cell("Sở, ban, ngành");
    let r = read_table(&records(&fixed)).unwrap_or_default();
    assert_eq!(r.len(), 2);
    assert_eq!(r[1].valid_to, Some(d(2025, 2, 28)), "Excel serial 45716");
}

#[test]
fn header_problems() {
    type Located<'a> = &'a [(usize, Option<&'a str>)];
    let cases: &[(&str, Located)] = &[
        ("code,name", &[(1, Some("kind"))]),
        ("code,kind,name,colour", &[(1, None)]),
        ("code,kind,name,Tên", &[(1, Some("name"))]),
        ("", &[(1, Some("code")), (1, Some("kind")), (1, Some("name"))]),
    ];
    for (header, want) in cases {
        let got: Vec<(usize, Option<String>)> = read_csv(&format!("{header}\n"))
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.line, e.column))
            .collect();
        let want: Vec<(usize, Option<String>)> = want.iter().map(|(l, c)| (*l, c.map(str::to_string))).collect();
        assert_eq!(got, want, "{header}");
    }
    assert_eq!(read_csv("").err().map(|e| e.len()), Some(1));
}

#[test]
fn cell_problems_are_all_reported() {
    let text = format!(
        "{HEADER}\n\
         ,department,,Sở A,,,,,,,\n\
         B,planet,,Sở B,,,,,,,\n\
         C D,department,,Sở C,,,,,,,\n\
         E,department,,,,,31/02/2025,,,,\n\
         F,department,,Sở F,,,,,teleport,,\n"
    );
    let got: Vec<(usize, Option<String>)> =
        read_csv(&text).err().unwrap_or_default().into_iter().map(|e| (e.line, e.column)).collect();
    let want = [(2, "code"), (3, "kind"), (4, "code"), (5, "name"), (5, "valid_from"), (6, "change")];
    let want: Vec<(usize, Option<String>)> = want.iter().map(|(l, c)| (*l, Some((*c).to_string()))).collect();
    assert_eq!(got, want);
}

#[test]
fn each_validation_rule_names_its_line_and_column() {
    let cases: &[(&str, usize, &str, &str)] = &[
        ("A,department,,Sở A,,,,,,,\nA,department,,Sở A2,,,,,,,", 3, "code", "trùng với dòng 2"),
        ("A,department,ZZ,Sở A,,,,,,,", 2, "parent_code", "«ZZ» không có"),
        ("A,department,A,Sở A,,,,,,,", 2, "parent_code", "chính nó"),
        ("A,department,,Sở A,,,01/03/2025,28/02/2025,,,", 2, "valid_to", "trước ngày bắt đầu"),
        ("A,department,,Sở A,,,,,merge,B,\nB,department,,Sở B,,,,,,,", 2, "valid_to", "thiếu ngày hết hiệu lực"),
        ("A,department,,Sở A,,,,28/02/2025,merge,,", 2, "successor_codes", "cần đơn vị kế thừa"),
        ("A,department,,Sở A,,,,28/02/2025,rename,,", 2, "successor_codes", "cần đơn vị kế thừa"),
        ("A,department,,Sở A,,,,28/02/2025,dissolve,B,\nB,department,,Sở B,,,,,,,", 2, "successor_codes", "giải thể"),
        ("A,department,,Sở A,,,,28/02/2025,,B,\nB,department,,Sở B,,,,,,,", 2, "change", "thiếu hình thức thay đổi"),
        ("A,department,,Sở A,,,,28/02/2025,merge,ZZ,", 2, "successor_codes", "«ZZ» không có"),
        ("A,department,,Sở A,,,,28/02/2025,merge,A,", 2, "successor_codes", "kế thừa chính nó"),
        ("A,department,,Sở A,,,,28/02/2025,merge,B,\nB,department,,Sở B,,,01/04/2025,,,,", 2, "successor_codes", "chưa có hiệu lực"),
        ("A,department,,Sở A,,,,28/02/2025,merge,B,\nB,department,,Sở B,,,,31/12/2024,,,", 2, "successor_codes", "đã hết hiệu lực"),
        ("A,department,,Sở A,,,,28/02/2025,split,B,\nB,department,,Sở B,,,,,,,", 2, "successor_codes", "chia tách cần ít nhất hai"),
        ("A,department,,Sở A,,,,28/02/2025,merge,B; C,\nB,department,,Sở B,,,,,,,\nC,department,,Sở C,,,,,,,", 2, "successor_codes", "hợp nhất"),
        ("A,department,,Sở A,,,,28/02/2025,rename,C,\nB,department,,Sở B,,,,28/02/2025,rename,C,\nC,department,,Sở C,,,,,,,", 3, "successor_codes", "đổi tên cần đúng một"),
        ("A,department,B,Sở A,,,,,,,\nB,department,C,Sở B,,,,,,,\nC,department,A,Sở C,,,,,,,", 4, "parent_code", "vòng lặp đơn vị cha: C → A → B → C"),
    ];
    for (body, line, column, fragment) in cases {
        let r = rows(&format!("{HEADER}\n{body}\n"));
        let errs = errors_of(validate(&r, &[]));
        let hit = errs.iter().any(|(l, c, m)| l == line && c.as_deref() == Some(*column) && m.contains(fragment));
        assert!(hit, "{body}\nwanted line {line} `{column}` «{fragment}», got {errs:?}");
    }
}

#[test]
fn validation_sees_the_existing_registry_and_collects_all_errors() {
    let existing = rows(&format!("{HEADER}\nP,province,,Tỉnh P,,,,,,,\nP-OLD,department,P,Sở Cũ,,,,,,,\n"));
    let (units, _) = rows_to_registry(&existing);
    let new = rows(&format!(
        "{HEADER}\nP-NEW,department,P,Sở Mới,,,01/03/2025,,,,\nP-OLD,department,P,Sở Cũ,,,,28/02/2025,merge,P-NEW,\nP-X,department,Q,Sở X,,,,,,,\nP-Y,department,P,Sở Y,,,,28/02/2025,merge,P-Z,\n"
    ));
    let errs = errors_of(validate(&new, &units));
    assert_eq!(errs.iter().map(|e| e.0).collect::<Vec<_>>(), [4, 5], "{errs:?}");
    let cycle = rows(&format!("{HEADER}\nP,province,,Tỉnh P,,,,,,,\nP-OLD,department,P-OLD2,Sở Cũ,,,,,,,\nP-OLD2,department,P-OLD,Sở Cũ 2,,,,,,,\n"));
    assert_eq!(errors_of(validate(&cycle, &units)).len(), 2);
}

#[test]
fn merges_with_the_same_successor_and_date_form_one_change() {
    let r = rows(&format!(
        "{HEADER}\n\
         P,province,,Tỉnh P,,,,,,,\n\
         P-TN,department,P,Sở Tài nguyên và Môi trường,,,,28/02/2025,merge,P-NNMT,NĐ 45\n\
         P-NN,department,P,Sở Nông nghiệp và Phát triển nông thôn,,,,28/02/2025,merge,P-NNMT,\n\
         P-NNMT,department,P,Sở Nông nghiệp và Môi trường,,,01/03/2025,,,,\n\
         P-H,district,P,Huyện H,,,,30/06/2025,dissolve,,\n\
         P-K,district,P,Huyện K,,,,30/06/2025,dissolve,,\n\
         P-M,department,P,Sở M,,,,31/12/2024,merge,P-TN,\n"
    ));
    assert_eq!(validate(&r, &[]), Ok(()));
    let (units, changes) = rows_to_registry(&r);
    assert_eq!(units.iter().map(|u| u.id).collect::<Vec<_>>(), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(units[1].parent_id, Some(1));
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert_eq!(changes[0].predecessors, [2, 3]);
    assert_eq!(changes[0].successors, [4]);
    assert_eq!(changes[0].effective, d(2025, 3, 1));
    assert_eq!(changes[0].note, "NĐ 45");
    assert_eq!(changes[1].kind, crate::unit::ChangeKind::Dissolve);
    assert_eq!(changes[1].predecessors, [5, 6], "the districts end together");
    assert!(changes[1].successors.is_empty());
    assert_eq!(changes[2].predecessors, [7], "another date is another record");
    assert_eq!(changes[2].successors, [2]);
    assert_eq!(changes[2].effective, d(2025, 1, 1));
}

#[test]
fn export_then_import_round_trips() {
    let (units, changes) = match default_registry() {
        Ok(r) => r,
        Err(e) => {
            assert!(e.is_empty(), "{e:?}");
            return;
        }
    };
    let (mut units, changes) = (units, changes);
    // A name a spreadsheet would run as a formula is written neutralised and read back as it was.
    units[1].name = "=HYPERLINK(\"http://x.example\",\"Bấm\")".into();
    units[2].note = "@SUM(A1) -1+2".into();
    let csv = to_csv(&units, &changes);
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("\"'=HYPERLINK(") && csv.contains(",'@SUM(A1) -1+2"), "{csv}");
    let again = rows(&csv);
    assert_eq!(validate(&again, &[]), Ok(()));
    let (units2, changes2) = rows_to_registry(&again);
    assert_eq!(units2, units);
    assert_eq!(changes2, changes);
    // As spreadsheet cells (the XLSX path).
    let records = parse_csv(&csv).unwrap_or_default();
    assert_eq!(read_table(&records).ok(), Some(again));
    let cells: Vec<Vec<String>> = records.into_iter().map(|r| r.cells).collect();
    // Saved again by Excel with a Vietnamese list separator: semicolons, CRLF.
    let semi: String =
        cells.iter().map(|r| r.iter().map(|c| crate::csv::quote(c)).collect::<Vec<_>>().join(";") + "\r\n").collect();
    assert!(semi.starts_with("code;kind;"));
    let from_semi = read_csv(&semi).map(|r| rows_to_registry(&r));
    assert_eq!(from_semi.ok(), Some((units, changes)));
}

#[test]
fn default_registries_are_valid_and_distinct() {
    let files = default_registries();
    assert_eq!(files.len(), 6);
    let mut codes: Vec<String> = Vec::new();
    for (name, text) in files {
        let r = read_csv(text).unwrap_or_default();
        assert!(!r.is_empty(), "{name}");
        assert_eq!(validate(&r, &[]), Ok(()), "{name}");
        codes.extend(r.into_iter().map(|r| r.code));
    }
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n, "codes are unique across files");
    let (units, changes) = default_registry().unwrap_or_default();
    assert_eq!(units.len(), n);
    // Every district of the three provinces ends on 30/06/2025.
    for u in units.iter().filter(|u| u.kind == UnitKind::District) {
        assert_eq!(u.valid_to, Some(d(2025, 6, 30)), "{}", u.code);
    }
    // The 2025 merges of every province: TT&TT into KH&CN, KH&ĐT into Tài chính, …
    for p in ["HT", "BD", "HB"] {
        for (old, new) in [
            ("STTTT", "SKHCN"),
            ("SKHDT", "STC"),
            ("SGTVT", "SXD"),
            ("STNMT", "SNNMT"),
            ("SNNPTNT", "SNNMT"),
            ("SLDTBXH", "SNV"),
        ] {
            let id = |c: &str| units.iter().find(|u| u.code == format!("{p}-{c}")).map(|u| u.id);
            let change = changes.iter().find(|c| id(old).is_some_and(|o| c.predecessors.contains(&o)));
            assert_eq!(change.map(|c| c.successors.clone()), id(new).map(|n| vec![n]), "{p}-{old}");
            assert_eq!(change.map(|c| c.effective), Some(d(2025, 3, 1)));
        }
    }
}

#[test]
fn dates_in_every_accepted_form() {
    let cases: &[(&str, Option<NaiveDate>)] = &[
        ("28/02/2025", Some(d(2025, 2, 28))),
        ("1/3/2025", Some(d(2025, 3, 1))),
        ("01-03-2025", Some(d(2025, 3, 1))),
        ("01.03.2025", Some(d(2025, 3, 1))),
        ("2025-03-01", Some(d(2025, 3, 1))),
        ("2025-03-01 00:00:00", Some(d(2025, 3, 1))),
        ("2025-03-01T00:00:00", Some(d(2025, 3, 1))),
        ("45717", Some(d(2025, 3, 1))),
        ("45717.0", Some(d(2025, 3, 1))),
        ("2025", None),
        ("31/02/2025", None),
        ("tháng 3", None),
    ];
    for (text, want) in cases {
        assert_eq!(parse_date(text), *want, "{text}");
    }
}
