use super::*;

#[test]
fn both_vocabularies_map() {
    let cases = [
        ("MaHoSo", Col::Code),
        ("Mã hồ sơ", Col::Code),
        ("MaTTHC", Col::Procedure),
        ("DonViTiepNhan", Col::Unit),
        ("NgayKetThucXuLy", Col::Finished),
        ("Ngày hẹn trả", Col::Due),
        ("KenhThucHien", Col::Channel),
        ("received_at", Col::Received),
        ("DuocThanhToanTrucTuyen", Col::PaidOnline),
        ("DaSoHoa", Col::Digitised),
        ("SoLanBoSung", Col::Supplements),
        ("MucDoHaiLong", Col::Rating),
    ];
    for (h, want) in cases {
        assert_eq!(column_for(h), Some(want), "{h}");
    }
    assert_eq!(column_for("GhiChu"), None);
    let mut cache = ColumnCache::default();
    for h in ["MaHoSo", "code", "GhiChu", "MaHoSo"] {
        assert_eq!(cache.get(h), column_for(h), "{h}");
    }
    assert!(map_header(&["MaHoSo", "MaTTHC"]).is_err());
}

#[test]
fn cell_values() {
    let cols = map_header(&[
        "MaHoSo",
        "MaTTHC",
        "MaDonVi",
        "NgayTiepNhan",
        "KenhThucHien",
        "PhiLePhi",
        "MucDo",
        "DanhGia",
        "ThoiGianBoSung",
        "TrangThai",
    ])
    .unwrap();
    let row = [
        "HS1",
        "1.001",
        "DV1",
        "02/01/2025 08:00:00",
        "2",
        "50000",
        "Toàn trình",
        "Hài lòng",
        "2 ngày",
        "Đã trả kết quả",
    ];
    let r = build_record(&cols, &row).unwrap();
    assert_eq!(r.channel, Channel::Online);
    assert!(r.has_fee);
    assert_eq!(r.fee_amount, Some(50_000));
    assert_eq!(r.online_level, OnlineLevel::Full);
    assert_eq!(r.rating, Some(Rating::Satisfied(true)));
    assert_eq!(r.supplement_secs, 2 * 86_400);
    assert_eq!(r.status, Status::Returned);
}

#[test]
fn bad_cells_are_named() {
    let cols = map_header(&["code", "procedure", "unit", "received", "channel"]).unwrap();
    let err = build_record(&cols, &["A", "P", "U", "32/01/2025", "9"]).unwrap_err();
    assert!(err.contains("received không hợp lệ"), "{err}");
    assert!(err.contains("channel không hợp lệ"), "{err}");
    let err = build_record(&cols, &["", "P", "U", "01/01/2025", "1"]).unwrap_err();
    assert_eq!(err, "thiếu mã hồ sơ");
}

#[test]
fn supplement_spans() {
    let cols = map_header(&["code", "procedure", "unit", "received", "finished", "supplement_spans"]).unwrap();
    let row =
        ["A", "P", "U", "01/01/2025", "10/01/2025", "02/01/2025~04/01/2025; 05/01/2025 00:00:00~05/01/2025 12:00:00"];
    let r = build_record(&cols, &row).unwrap();
    assert_eq!(r.supplements, 2);
    assert_eq!(r.supplement_secs, 2 * 86_400 + 12 * 3600);
}
