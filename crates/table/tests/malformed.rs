//! The malformed corpus through the table reader: each crafted workbook is refused with the
//! limit it breaks, or read without holding more than its real cells; none aborts the process.

use cchc_table::{crafted, read_rows, read_workbook, LimitKind, Limits, TableError};

fn limit_of(r: Result<impl std::fmt::Debug, TableError>) -> Option<LimitKind> {
    match r {
        Err(TableError::Limit(l)) => Some(l.kind),
        other => panic!("expected a limit, got {other:?}"),
    }
}

#[test]
fn the_dimension_bomb_is_refused_without_allocating_its_range() {
    let bytes = include_bytes!("files/dimension-bomb.xlsx");
    let err = read_rows(bytes, "bomb.xlsx", &Limits::default()).err();
    let Some(TableError::Limit(l)) = err else { panic!("{err:?}") };
    assert_eq!(l.kind, LimitKind::Columns);
    assert_eq!(l.to_string(), "tệp vượt giới hạn số cột: 16.384 (tối đa 1.024), tại trang «Sheet1», ô XFD1048576");
    // With the columns allowed, the two cells are read as two short rows: nothing dense.
    let wide = Limits { max_columns: 16_384, ..Limits::default() };
    let rows = read_rows(bytes, "bomb.xlsx", &wide).unwrap_or_default();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 1_048_576]);
    assert_eq!(rows[0].cells, ["a"]);
    assert_eq!(rows[1].cells.len(), 16_384);
    assert_eq!(rows[1].cells.last().map(String::as_str), Some("b"));
}

#[test]
fn every_crafted_workbook_gets_its_answer() {
    let limits = Limits::default();
    for (name, bytes) in crafted::corpus() {
        assert!(!bytes.is_empty(), "{name}");
        let got = read_workbook(&bytes, &limits);
        match name {
            "far corner (A1 and XFD1048576)" => assert_eq!(limit_of(got), Some(LimitKind::Columns)),
            "row number past Excel's" => assert_eq!(limit_of(got), Some(LimitKind::Rows)),
            "300 sheets" => assert_eq!(limit_of(got), Some(LimitKind::Sheets)),
            "2,000 merged ranges to XFD1048576" => {
                let sheets = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(sheets[0].rows.len(), 1);
                // Cut to the one cell that holds a value.
                assert_eq!(sheets[0].merged.len(), 1);
                assert_eq!((sheets[0].merged[0].last_row, sheets[0].merged[0].last_col), (0, 0));
            }
            "50,000 nested elements in a cell" => {
                // Read or refused as damaged, but answered.
                if let Err(e) = got {
                    assert!(matches!(e, TableError::Unreadable(_)), "{name}: {e:?}");
                }
            }
            "2.6 MB shared-strings table" => {
                let sheets = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(sheets[0].rows[0].cells[0].len(), 60);
                let small = Limits { max_uncompressed_bytes: 1024 * 1024, ..limits };
                assert_eq!(limit_of(read_workbook(&bytes, &small)), Some(LimitKind::UncompressedBytes));
            }
            other => panic!("no expectation for {other}"),
        }
    }
}

#[test]
fn cell_and_row_limits_count_what_is_kept() {
    let rows: String = (1..=50).map(|r| format!(r#"<row r="{r}"><c r="C{r}"><v>{r}</v></c></row>"#)).collect();
    let bytes = crafted::workbook(&[("Data", &rows, "")], None);
    let all = read_rows(&bytes, "x.xlsx", &Limits::default()).unwrap_or_default();
    assert_eq!(all.len(), 50);
    assert_eq!(all[49].cells, ["", "", "50"]);
    // 50 rows × 3 dense cells = 150 kept cells.
    let tight = Limits { max_cells: 149, ..Limits::default() };
    assert_eq!(limit_of(read_rows(&bytes, "x.xlsx", &tight)), Some(LimitKind::Cells));
    let short = Limits { max_rows: 40, ..Limits::default() };
    assert_eq!(limit_of(read_rows(&bytes, "x.xlsx", &short)), Some(LimitKind::Rows));
    let few = Limits { max_entries: 3, ..Limits::default() };
    assert_eq!(limit_of(read_rows(&bytes, "x.xlsx", &few)), Some(LimitKind::Entries));
}

#[test]
fn damaged_and_foreign_files_are_named() {
    let cases: [(&[u8], &str, &str); 5] = [
        (b"", "a.csv", "tệp rỗng"),
        (b"%PDF-1.4", "a.pdf", "PDF"),
        (&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], "a.xls", ".xls"),
        (b"PK\x03\x04garbage", "a.xlsx", "hỏng"),
        (b"a,b\n\xff\xfe,c", "a.csv", "dòng 2"),
    ];
    for (bytes, name, says) in cases {
        let e = read_rows(bytes, name, &Limits::default()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains(says), "{name}: {e}");
    }
}

#[test]
fn csv_rows_keep_their_lines_and_dates_read_as_officials_write_them() {
    let rows =
        read_rows("\u{feff}a;b\n\n\"x\ny\";2\n3;4\n".as_bytes(), "a.csv", &Limits::default()).unwrap_or_default();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 3, 5]);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 3, 4).unwrap_or_else(|e| panic!("{e}"));
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let _ = ws.write_datetime_with_format(1, 1, &date, &fmt);
    let _ = ws.write_datetime_with_format(1, 2, date.clone().and_hms(8, 30, 0).unwrap_or(date), &fmt);
    let _ = ws.write_number(1, 3, 2.5);
    let _ = ws.write_boolean(1, 4, true);
    let bytes = wb.save_to_buffer().unwrap_or_default();
    let rows = read_rows(&bytes, "d.xlsx", &Limits::default()).unwrap_or_default();
    assert_eq!(rows[0].line, 2);
    assert_eq!(rows[0].cells, ["", "04/03/2025", "04/03/2025 08:30:00", "2.5", "TRUE"]);
}
