#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::verify::{ChainRow, Head, Problem, Verifier};
use super::*;
use sm3::Digest;

fn fields(seq: i64) -> ChainFields<'static> {
    ChainFields {
        seq,
        at: 1_780_000_000_000 + seq,
        actor_id: Some(7),
        actor_username: Some("张三"),
        action: "sign_in",
        target_kind: Some("person"),
        target_id: Some(7),
        detail: "{\"channel\":\"web\"}",
        ip: Some("10.0.0.1"),
    }
}

/// A sealed chain of `n` records (ids 10, 20, …) and its head.
fn chain(key: &AuditKey, n: i64) -> (Vec<ChainRow>, Head) {
    let mut rows = Vec::new();
    let mut prev = String::new();
    for seq in 1..=n {
        let f = fields(seq);
        rows.push(ChainRow {
            id: seq * 10,
            seq,
            at: f.at,
            actor_id: f.actor_id,
            actor_username: f.actor_username.map(str::to_string),
            action: f.action.into(),
            target_kind: f.target_kind.map(str::to_string),
            target_id: f.target_id,
            detail: format!("{{\"n\":{seq}}}"),
            ip: f.ip.map(str::to_string),
            chain_hash: String::new(),
        });
        let last = rows.last_mut().unwrap();
        last.chain_hash = chain_hash(key, &last.fields(), &prev);
        prev = last.chain_hash.clone();
    }
    let head = Head {
        last_seq: n,
        last_hash: prev,
        key_check: Some(key.check_value()),
    };
    (rows, head)
}

fn walk(
    key: &AuditKey,
    rows: Vec<ChainRow>,
    head: &Head,
) -> Result<verify::Summary, verify::Break> {
    let mut v = Verifier::new(key, head)?;
    for r in rows {
        v.push(r)?;
    }
    v.finish(head)
}

#[test]
fn sm3_is_the_standard_hash_of_gb_t_32905() {
    // GB/T 32905-2016, appendix A, example 1.
    assert_eq!(
        hex::encode(Sm3::digest(b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
}

#[test]
fn the_chain_hash_is_hmac_sm3_as_rfc_2104_defines_it() {
    let key = AuditKey::from_bytes(std::array::from_fn(|i| i as u8));
    let msg = canonical_bytes(&fields(3), "ab");
    let mut k = [0u8; 64];
    k[..KEY_LEN].copy_from_slice(&key.0);
    let inner = Sm3::new()
        .chain_update(k.map(|b| b ^ 0x36))
        .chain_update(&msg)
        .finalize();
    let outer = Sm3::new()
        .chain_update(k.map(|b| b ^ 0x5c))
        .chain_update(inner)
        .finalize();
    assert_eq!(chain_hash(&key, &fields(3), "ab"), hex::encode(outer));
    let mut by_slice = HmacSm3::new_from_slice(&key.0).unwrap();
    by_slice.update(&msg);
    assert_eq!(
        hex::encode(by_slice.finalize().into_bytes()),
        hex::encode(outer)
    );
}

#[test]
fn canonical_bytes_are_fixed_for_a_given_record() {
    let f = ChainFields {
        seq: 1,
        at: 2,
        actor_id: None,
        actor_username: Some("a"),
        action: "x",
        target_kind: None,
        target_id: Some(3),
        detail: "",
        ip: None,
    };
    let mut want = Vec::new();
    want.extend_from_slice(&(FORMAT.len() as u64).to_be_bytes());
    want.extend_from_slice(FORMAT);
    want.extend_from_slice(&1i64.to_be_bytes());
    want.extend_from_slice(&2i64.to_be_bytes());
    want.push(0);
    want.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0, 1, b'a']);
    want.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 1, b'x']);
    want.push(0);
    want.push(1);
    want.extend_from_slice(&3i64.to_be_bytes());
    want.extend_from_slice(&[0u8; 8]);
    want.push(0);
    want.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 2, b'p', b'h']);
    assert_eq!(canonical_bytes(&f, "ph"), want);
}

#[test]
fn moving_text_between_fields_changes_the_bytes() {
    let a = ChainFields {
        actor_username: Some("ab"),
        action: "c",
        ..fields(1)
    };
    let b = ChainFields {
        actor_username: Some("a"),
        action: "bc",
        ..fields(1)
    };
    assert_ne!(canonical_bytes(&a, ""), canonical_bytes(&b, ""));
    let none = ChainFields {
        ip: None,
        ..fields(1)
    };
    let empty = ChainFields {
        ip: Some(""),
        ..fields(1)
    };
    assert_ne!(canonical_bytes(&none, ""), canonical_bytes(&empty, ""));
}

#[test]
fn every_field_and_the_previous_hash_is_covered() {
    let key = AuditKey::TEST;
    let base = fields(5);
    let h = chain_hash(&key, &base, "p");
    let variants = [
        ChainFields { seq: 6, ..base },
        ChainFields {
            at: base.at + 1,
            ..base
        },
        ChainFields {
            actor_id: None,
            ..base
        },
        ChainFields {
            actor_username: Some("李四"),
            ..base
        },
        ChainFields {
            action: "sign_out",
            ..base
        },
        ChainFields {
            target_kind: Some("unit"),
            ..base
        },
        ChainFields {
            target_id: Some(8),
            ..base
        },
        ChainFields {
            detail: "{}",
            ..base
        },
        ChainFields {
            ip: Some("10.0.0.2"),
            ..base
        },
    ];
    for v in variants {
        assert_ne!(chain_hash(&key, &v, "p"), h, "{v:?}");
    }
    assert_ne!(chain_hash(&key, &base, "q"), h);
    assert_ne!(
        chain_hash(&AuditKey::from_bytes([1; KEY_LEN]), &base, "p"),
        h
    );
    assert!(hash_matches(&key, &base, "p", &h));
    assert!(!hash_matches(&key, &base, "p", "not hex"));
}

#[test]
fn a_key_reads_back_from_its_hex_and_hides_itself_in_debug_output() {
    let key = AuditKey::from_bytes([0xab; KEY_LEN]);
    assert_eq!(
        AuditKey::from_hex(&format!(" {}\n", key.to_hex())),
        Ok(key.clone())
    );
    assert_eq!(AuditKey::from_hex("abcd"), Err(KeyError::Malformed));
    assert_eq!(
        AuditKey::from_hex(&"zz".repeat(32)),
        Err(KeyError::Malformed)
    );
    assert_eq!(format!("{key:?}"), "AuditKey(…)");
}

#[test]
fn an_intact_chain_verifies() {
    let (rows, head) = chain(&AuditKey::TEST, 5);
    let s = walk(&AuditKey::TEST, rows, &head).unwrap();
    assert_eq!((s.records, s.last_seq), (5, 5));
    let empty = Head {
        last_seq: 0,
        last_hash: String::new(),
        key_check: None,
    };
    assert_eq!(walk(&AuditKey::TEST, vec![], &empty).unwrap().records, 0);
}

#[test]
fn an_edited_record_is_named_as_changed() {
    let (mut rows, head) = chain(&AuditKey::TEST, 5);
    rows[2].detail = "{\"n\":99}".into();
    let b = walk(&AuditKey::TEST, rows, &head).unwrap_err();
    assert_eq!(
        (b.id, b.seq, b.problem),
        (Some(30), Some(3), Problem::Changed)
    );
}

#[test]
fn a_deleted_record_is_named_as_a_gap() {
    let (mut rows, head) = chain(&AuditKey::TEST, 5);
    rows.remove(1);
    let b = walk(&AuditKey::TEST, rows, &head).unwrap_err();
    assert_eq!((b.id, b.seq, b.expected_seq), (Some(30), Some(3), 2));
    assert_eq!(b.problem, Problem::Missing);
}

#[test]
fn a_deleted_last_record_is_named_as_truncation() {
    let (mut rows, head) = chain(&AuditKey::TEST, 5);
    rows.pop();
    let b = walk(&AuditKey::TEST, rows, &head).unwrap_err();
    assert_eq!((b.problem, b.expected_seq), (Problem::Truncated, 5));
}

#[test]
fn swapped_records_are_named_as_reordered() {
    let (mut rows, head) = chain(&AuditKey::TEST, 5);
    // The records at seq 2 and 3 trade rows: each keeps its seq and hash, the ids swap.
    rows[1].id = 30;
    rows[2].id = 20;
    let b = walk(&AuditKey::TEST, rows, &head).unwrap_err();
    assert_eq!(
        (b.id, b.seq, b.problem),
        (Some(30), Some(2), Problem::Reordered)
    );
}

#[test]
fn a_duplicated_place_is_named() {
    let (mut rows, head) = chain(&AuditKey::TEST, 3);
    let mut copy = rows[1].clone();
    copy.id = 25;
    rows.insert(2, copy);
    let b = walk(&AuditKey::TEST, rows, &head).unwrap_err();
    assert_eq!((b.id, b.problem), (Some(25), Problem::Duplicate));
}

#[test]
fn a_wrong_key_is_named_before_any_record() {
    let (rows, head) = chain(&AuditKey::TEST, 3);
    let other = AuditKey::from_bytes([7; KEY_LEN]);
    let b = walk(&other, rows.clone(), &head).unwrap_err();
    assert_eq!((b.id, b.problem), (None, Problem::WrongKey));
    // Without a check value the first record fails instead.
    let head = Head {
        key_check: None,
        ..head
    };
    let b = walk(&other, rows, &head).unwrap_err();
    assert_eq!((b.seq, b.problem), (Some(1), Problem::Changed));
}

#[test]
fn every_problem_has_its_own_code() {
    let codes: std::collections::BTreeSet<&str> = Problem::ALL.iter().map(|p| p.code()).collect();
    assert_eq!(codes.len(), Problem::ALL.len());
}
