//! The connection table under a SYN flood (with and without SYN cookies), half-open timeouts,
//! slowloris against a header timeout, and the per-address limit.

use ds_playground::sim::edge::{ConnSettings, ConnectionTable, Expiry, Ipv4Addr, Refusal};
use ds_playground::sim::time::{MILLISECOND, SECOND};

/// The `i`th spoofed source of a flood, all different.
fn spoofed(i: u32) -> Ipv4Addr {
    Ipv4Addr::from(0x0a00_0000 + i)
}

const CLIENT: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);

#[test]
fn a_syn_flood_fills_the_table_without_cookies() {
    let mut table = ConnectionTable::new(ConnSettings::default());
    for i in 0..1_024 {
        assert!(table.syn(u64::from(i) * 10, spoofed(i)).is_ok());
    }
    assert_eq!((table.half_open(), table.established(), table.len()), (1_024, 0, 1_024));
    assert_eq!(table.syn(20 * MILLISECOND, CLIENT), Err(Refusal::TableFull));
    assert_eq!(table.syn(20 * MILLISECOND, spoofed(5_000)), Err(Refusal::TableFull));
}

#[test]
fn with_cookies_a_syn_flood_takes_no_slot_and_handshakes_still_succeed() {
    let mut table = ConnectionTable::new(ConnSettings { syn_cookies: true, ..ConnSettings::default() });
    for i in 0..100_000 {
        assert!(table.syn(u64::from(i), spoofed(i)).is_ok());
    }
    assert!(table.is_empty());
    let mut clients = Vec::new();
    for n in 0..50u8 {
        let source = Ipv4Addr::new(192, 0, 2, n);
        let id = table.syn(SECOND, source).unwrap();
        assert_eq!(table.complete(SECOND + 30 * MILLISECOND, id), Ok(()));
        clients.push(id);
    }
    assert_eq!((table.half_open(), table.established()), (0, 50));
    assert!(clients.iter().all(|&id| table.headers_done(SECOND + 40 * MILLISECOND, id)));
    assert!(table.expire(10 * SECOND).is_empty());
}

#[test]
fn with_cookies_only_completed_handshakes_fill_the_table() {
    let settings = ConnSettings { capacity: 3, syn_cookies: true, ..ConnSettings::default() };
    let mut table = ConnectionTable::new(settings);
    let ids: Vec<_> = (0..4).map(|i| table.syn(0, spoofed(i)).unwrap()).collect();
    for &id in &ids[..3] {
        assert_eq!(table.complete(MILLISECOND, id), Ok(()));
    }
    assert_eq!(table.complete(MILLISECOND, ids[3]), Err(Refusal::TableFull));
    assert!(table.close(ids[0]));
    assert_eq!(table.complete(2 * MILLISECOND, ids[3]), Ok(()));
}

#[test]
fn half_open_entries_time_out_at_exactly_the_syn_timeout() {
    for syn_timeout in [3 * SECOND, 250 * MILLISECOND, 1] {
        let mut table = ConnectionTable::new(ConnSettings { syn_timeout, ..ConnSettings::default() });
        let early = table.syn(1_000, spoofed(1)).unwrap();
        let late = table.syn(1_500, spoofed(2)).unwrap();
        let done = table.syn(1_500, CLIENT).unwrap();
        table.complete(1_600, done).unwrap();
        assert_eq!(table.next_deadline(), Some(1_000 + syn_timeout));
        assert!(table.expire(1_000 + syn_timeout - 1).is_empty());
        assert_eq!(table.expire(1_000 + syn_timeout), vec![(early, Expiry::Handshake)]);
        assert_eq!(table.half_open(), 1);
        assert!(table.expire(1_500 + syn_timeout - 1).is_empty());
        assert_eq!(table.expire(1_500 + syn_timeout), vec![(late, Expiry::Handshake)]);
        assert_eq!(table.complete(1_500 + syn_timeout, late), Err(Refusal::Unknown));
        // The completed handshake is not timed out by the SYN timeout.
        assert_eq!((table.half_open(), table.established()), (0, 1));
    }
}

#[test]
fn a_header_timeout_closes_slowloris_and_not_a_normal_client() {
    let settings = ConnSettings {
        header_timeout: Some(10 * SECOND),
        idle_timeout: Some(30 * SECOND),
        ..ConnSettings::default()
    };
    let mut table = ConnectionTable::new(settings);
    let slow = table.syn(0, spoofed(1)).unwrap();
    table.complete(50 * MILLISECOND, slow).unwrap();
    let normal = table.syn(0, CLIENT).unwrap();
    table.complete(50 * MILLISECOND, normal).unwrap();
    assert!(table.headers_done(80 * MILLISECOND, normal));
    // Slowloris trickles a header line every 2 s: never idle, never done.
    let mut closed = Vec::new();
    for k in 1..=5 {
        let now = k * 2 * SECOND;
        table.touch(now, slow);
        closed.extend(table.expire(now));
    }
    assert!(closed.is_empty());
    assert_eq!(table.expire(10 * SECOND + 50 * MILLISECOND - 1), vec![]);
    assert_eq!(table.expire(10 * SECOND + 50 * MILLISECOND), vec![(slow, Expiry::Headers)]);
    assert!(table.get(normal).is_some() && table.get(slow).is_none());
    // The normal client goes when it has been idle 30 s.
    assert_eq!(table.expire(30 * SECOND + 80 * MILLISECOND), vec![(normal, Expiry::Idle)]);
}

#[test]
fn without_a_header_timeout_slowloris_holds_its_slots_forever() {
    let mut table = ConnectionTable::new(ConnSettings { capacity: 5, ..ConnSettings::default() });
    let ids: Vec<_> = (0..5).map(|i| table.syn(0, spoofed(i)).unwrap()).collect();
    ids.iter().for_each(|&id| table.complete(10, id).unwrap());
    for k in 1..=100 {
        let now = k * 30 * SECOND;
        ids.iter().for_each(|&id| assert!(table.touch(now, id)));
        assert!(table.expire(now).is_empty());
        assert_eq!(table.syn(now, CLIENT), Err(Refusal::TableFull));
    }
}

#[test]
fn the_per_address_limit_refuses_the_extra_connection() {
    for syn_cookies in [false, true] {
        let settings = ConnSettings { per_address: Some(3), syn_cookies, ..ConnSettings::default() };
        let mut table = ConnectionTable::new(settings);
        let ids: Vec<_> = (0..3).map(|_| table.syn(0, CLIENT).unwrap()).collect();
        ids.iter().for_each(|&id| table.complete(1, id).unwrap());
        assert_eq!(table.from_source(CLIENT), 3);
        assert_eq!(table.syn(2, CLIENT), Err(Refusal::AddressLimit));
        assert!(table.syn(2, spoofed(9)).is_ok());
        assert!(table.close(ids[1]));
        let again = table.syn(3, CLIENT).unwrap();
        assert_eq!(table.complete(4, again), Ok(()));
        assert_eq!(table.syn(5, CLIENT), Err(Refusal::AddressLimit));
    }
}

#[test]
fn ids_are_handed_out_in_order() {
    let run = || {
        let mut table = ConnectionTable::new(ConnSettings { capacity: 2, ..ConnSettings::default() });
        (0..4).map(|i| table.syn(i, spoofed(i as u32)).map(|id| id.number())).collect::<Vec<_>>()
    };
    assert_eq!(run(), vec![Ok(0), Ok(1), Err(Refusal::TableFull), Err(Refusal::TableFull)]);
    assert_eq!(run(), run());
}
