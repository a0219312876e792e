//! Source addresses and address ranges. A source is a [`std::net::Ipv4Addr`]; a range is a
//! [`Cidr`], written as in routing tables: `10.0.0.0/8`.

use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// A range of IPv4 addresses: those whose first `prefix` bits equal the network's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The first address of the range; its bits past the prefix are zero.
    network: Ipv4Addr,
    /// How many leading bits an address must share with the network, 0–32.
    prefix: u8,
}

impl Cidr {
    /// The range of `prefix` leading bits of `address` (bits past the prefix are cleared), or an
    /// error if `prefix` is over 32.
    pub fn new(address: Ipv4Addr, prefix: u8) -> Result<Cidr, String> {
        if prefix > 32 {
            return Err(format!("prefix length must be 0–32, got {prefix}"));
        }
        let network = Ipv4Addr::from(u32::from(address) & mask(prefix));
        Ok(Cidr { network, prefix })
    }

    /// Parses `a.b.c.d/n` (n 0–32), or a bare address meaning that address alone (`/32`).
    /// Surrounding spaces are ignored; bits past the prefix are cleared, so `10.1.2.3/8` is
    /// `10.0.0.0/8`.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address =
            Ipv4Addr::from_str(address).map_err(|_| format!("{address:?} is not an IPv4 address"))?;
        let prefix = match prefix {
            None => 32,
            Some(p) => match p.parse::<u32>() {
                Ok(n) if n <= 32 => n as u8,
                Ok(n) => return Err(format!("prefix length must be 0–32, got {n}")),
                Err(_) => return Err(format!("prefix length must be 0–32, got {p:?}")),
            },
        };
        Cidr::new(address, prefix)
    }

    /// The range holding every address, `0.0.0.0/0`.
    pub fn everything() -> Cidr {
        Cidr { network: Ipv4Addr::UNSPECIFIED, prefix: 0 }
    }

    /// The first address of the range.
    pub fn network(&self) -> Ipv4Addr {
        self.network
    }

    /// The prefix length, 0–32.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// How many addresses the range holds, 1 to 2³².
    pub fn size(&self) -> u64 {
        1u64 << (32 - u32::from(self.prefix))
    }

    /// Whether `address` is in the range.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        u32::from(address) & mask(self.prefix) == u32::from(self.network)
    }
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        Cidr::parse(text)
    }
}

impl fmt::Display for Cidr {
    /// Written as `network/prefix`, e.g. `10.0.0.0/8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The bits an address must share with the network for a prefix of this length.
fn mask(prefix: u8) -> u32 {
    if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Ipv4Addr {
        text.parse().unwrap()
    }

    #[test]
    fn a_range_holds_the_addresses_sharing_its_prefix() {
        let range = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(range.contains(ip("10.0.0.0")) && range.contains(ip("10.255.255.255")));
        assert!(!range.contains(ip("11.0.0.0")) && !range.contains(ip("9.255.255.255")));
        assert_eq!(range.size(), 1 << 24);
        assert_eq!(range.to_string(), "10.0.0.0/8");
    }

    #[test]
    fn zero_and_thirty_two_bit_prefixes_hold_everything_and_one_address() {
        let all = Cidr::parse("0.0.0.0/0").unwrap();
        assert!(all.contains(ip("0.0.0.0")) && all.contains(ip("255.255.255.255")));
        assert_eq!((all, all.size()), (Cidr::everything(), 1 << 32));
        let one = Cidr::parse("192.168.1.7").unwrap();
        assert_eq!(one, Cidr::parse("192.168.1.7/32").unwrap());
        assert!(one.contains(ip("192.168.1.7")) && !one.contains(ip("192.168.1.8")));
    }

    #[test]
    fn host_bits_are_cleared() {
        let range = Cidr::parse(" 172.16.5.9/12 ").unwrap();
        assert_eq!((range.network(), range.prefix()), (ip("172.16.0.0"), 12));
        assert!(range.contains(ip("172.31.0.1")) && !range.contains(ip("172.32.0.0")));
    }

    #[test]
    fn malformed_ranges_say_what_is_wrong() {
        assert_eq!(Cidr::parse("10.0.0.0/33"), Err("prefix length must be 0–32, got 33".into()));
        assert_eq!(Cidr::parse("10.0.0.0/x"), Err("prefix length must be 0–32, got \"x\"".into()));
        assert_eq!(Cidr::parse("10.0.0/8"), Err("\"10.0.0\" is not an IPv4 address".into()));
        assert_eq!(Cidr::parse("10.0.0"), Err("\"10.0.0\" is not an IPv4 address".into()));
        assert_eq!(Cidr::parse("256.0.0.1/8"), Err("\"256.0.0.1\" is not an IPv4 address".into()));
        assert_eq!(Cidr::new(ip("1.2.3.4"), 40), Err("prefix length must be 0–32, got 40".into()));
    }
}
