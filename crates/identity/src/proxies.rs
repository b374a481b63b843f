//! The client address of a request, for throttling: the peer's, unless the peer is one of the
//! configured proxy networks (`LATIH_TRUSTED_PROXIES`); then the right-most address of
//! `X-Forwarded-For` that is not a trusted proxy, since everything left of it was written by
//! someone we do not trust. CIDRs are parsed here: a dozen lines do not need a crate.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;

use actix_web::HttpRequest;

/// One network, `10.0.0.0/8` or `fd00::/8`; a bare address is a network of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

fn mask_u128(value: u128, prefix: u8, bits: u8) -> u128 {
    let host_bits = u32::from(bits - prefix);
    if host_bits >= 128 { 0 } else { (value >> host_bits) << host_bits }
}

impl Network {
    /// Whether `ip` lies in this network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, ip.to_canonical()) {
            (IpAddr::V4(base), IpAddr::V4(ip)) => {
                mask_u128(u128::from(u32::from(base)), self.prefix, 32)
                    == mask_u128(u128::from(u32::from(ip)), self.prefix, 32)
            }
            (IpAddr::V6(base), IpAddr::V6(ip)) => {
                mask_u128(u128::from(base), self.prefix, 128) == mask_u128(u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }
}

impl FromStr for Network {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let invalid = || format!("'{raw}' is not a network like 10.0.0.0/8 or fd00::/8");
        let (address, prefix) = match raw.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (raw, None),
        };
        let base: IpAddr = address.trim().parse().map_err(|_| invalid())?;
        let base = base.to_canonical();
        let bits = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(invalid)?,
            None => bits,
        };
        Ok(Self { base, prefix })
    }
}

/// The proxy networks whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Network>);

impl TrustedProxies {
    /// A comma-separated list of networks; empty trusts nobody.
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::parse).collect::<Result<_, _>>().map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client of a connection from `peer` whose `X-Forwarded-For` values are `forwarded`
    /// (every header line, in order).
    pub fn client(&self, peer: IpAddr, forwarded: &[&str]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        let hops = forwarded.iter().flat_map(|line| line.split(',')).map(str::trim).collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Some(ip) = parse_hop(hop) else {
                // Garbage from the left: keep the last hop we could read.
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }

    /// The throttling address of `req`: IPv4 as is, IPv6 by its /64 (one subscriber's share).
    pub fn client_address(&self, req: &HttpRequest) -> String {
        let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
            return "unknown".to_owned();
        };
        let forwarded: Vec<&str> = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok()).collect();
        match self.client(peer, &forwarded) {
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => {
                let network = u128::from(ip) >> 64 << 64;
                format!("{}/64", Ipv6Addr::from(network))
            }
        }
    }
}

fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip())).ok().map(|ip| ip.to_canonical())
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::TrustedProxies;

    fn ip(raw: &str) -> IpAddr {
        raw.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    #[test]
    fn networks_parse_and_match() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7, fd00::/8").ok().unwrap_or_default();
        assert!(proxies.trusts(ip("10.200.3.4")));
        assert!(proxies.trusts(ip("::ffff:10.1.1.1")));
        assert!(proxies.trusts(ip("192.168.1.7")));
        assert!(!proxies.trusts(ip("192.168.1.8")));
        assert!(proxies.trusts(ip("fd12::1")));
        assert!(!proxies.trusts(ip("2001:db8::1")));
        assert!(TrustedProxies::parse("0.0.0.0/0").is_ok_and(|p| p.trusts(ip("203.0.113.9"))));
        for bad in ["10.0.0.0/33", "10.0.0/8", "fd00::/129", "proxy"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").ok().unwrap_or_default();
        let peer = ip("10.0.0.2");
        assert_eq!(proxies.client(peer, &["1.1.1.1, 203.0.113.5, 10.0.0.9"]), ip("203.0.113.5"));
        assert_eq!(proxies.client(peer, &["1.1.1.1", "203.0.113.5"]), ip("203.0.113.5"));
        assert_eq!(proxies.client(peer, &["10.0.0.7"]), ip("10.0.0.7"));
        assert_eq!(proxies.client(peer, &[]), peer);
        assert_eq!(proxies.client(peer, &["not-an-ip, 10.0.0.8"]), ip("10.0.0.8"));
        assert_eq!(proxies.client(ip("203.0.113.1"), &["1.1.1.1"]), ip("203.0.113.1"), "untrusted peer");
    }
}
