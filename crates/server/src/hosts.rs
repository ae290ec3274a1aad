//! Which `Host` headers the server answers (DNS-rebinding defence).
//!
//! A web page on another site can make its own name resolve to 127.0.0.1 and then read a
//! loopback server as if it were same-origin; the only trace is the `Host` header, which still
//! names the attacker's site. So a loopback bind answers only `localhost`, `127.0.0.1` and
//! `[::1]` (any port); another bind answers the name or address it was given, its resolved
//! addresses, and, when it listens on every interface (`0.0.0.0`, `[::]`), any IP address
//! literal (a rebinding attack always comes with a host name) and the loopback names. Names given
//! with `--allow-host` are accepted in every case (a reverse proxy's public name, say).

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};

/// The host names (lowercase, without port) a server answers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPolicy {
    names: BTreeSet<String>,
    /// Accept any IP address literal (a bind on every interface).
    any_ip: bool,
}

const LOOPBACK_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "[::1]"];

impl HostPolicy {
    /// `localhost`, `127.0.0.1` and `[::1]`.
    pub fn loopback() -> HostPolicy {
        HostPolicy {
            names: LOOPBACK_NAMES.iter().map(|s| s.to_string()).collect(),
            any_ip: false,
        }
    }

    /// The policy of a server bound with `bind` (as given) to `addrs`, plus the `allow` names.
    pub fn for_bind(bind: &str, addrs: &[SocketAddr], allow: &[String]) -> HostPolicy {
        let mut p = if addrs.iter().all(|a| a.ip().is_loopback()) {
            HostPolicy::loopback()
        } else {
            let mut names: BTreeSet<String> = addrs.iter().map(|a| ip_name(a.ip())).collect();
            if let Some(h) = host_of(bind) {
                names.insert(h);
            }
            let any_ip = addrs.iter().any(|a| a.ip().is_unspecified());
            if any_ip {
                names.extend(LOOPBACK_NAMES.iter().map(|s| s.to_string()));
            }
            HostPolicy { names, any_ip }
        };
        p.names.extend(allow.iter().filter_map(|a| host_of(a)));
        p
    }

    /// Whether a request with this `Host` header value (port optional) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(h) = host_of(host) else {
            return false;
        };
        if self.names.contains(&h) {
            return true;
        }
        self.any_ip && parse_ip(&h).is_some()
    }

    /// The accepted names, for messages.
    pub fn names(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }
}

/// How an address appears in a `Host` header: `1.2.3.4`, `[::1]`.
fn ip_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

fn parse_ip(h: &str) -> Option<IpAddr> {
    match h.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Some(v6) => v6.parse().ok(),
        None => h.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// The host part of `host[:port]` or `[v6][:port]`, lowercase, without a trailing dot; IPv6
/// addresses in their canonical bracketed form. `None` when malformed or empty.
fn host_of(s: &str) -> Option<String> {
    let s = s.trim();
    let host = if let Some(rest) = s.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        let v6: std::net::Ipv6Addr = inner.parse().ok()?;
        return Some(format!("[{v6}]"));
    } else {
        match s.rsplit_once(':') {
            Some((h, port)) if is_port(port) => h,
            Some(_) => return None,
            None => s,
        }
    };
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
    ok.then_some(host)
}

fn is_port(p: &str) -> bool {
    !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(s: &str) -> Vec<SocketAddr> {
        vec![s.parse().expect("socket address")]
    }

    #[test]
    fn loopback_binds_answer_loopback_names_only() {
        let p = HostPolicy::for_bind("127.0.0.1:8080", &addrs("127.0.0.1:8080"), &[]);
        for ok in [
            "localhost",
            "localhost:8080",
            "LOCALHOST.",
            "127.0.0.1",
            "127.0.0.1:9",
            "[::1]",
            "[::1]:8080",
            "[0:0:0:0:0:0:0:1]:80",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:8080",
            "localhost.attacker.example",
            "127.0.0.2",
            "10.0.0.1",
            "",
            "localhost:http",
            "[::1",
            "a b",
            "127.0.0.1:8080:1",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn other_binds_answer_their_name_addresses_and_allowed_hosts() {
        let p = HostPolicy::for_bind(
            "news.lan:8080",
            &addrs("192.168.1.5:8080"),
            &["Graph.Example.org".into()],
        );
        assert!(p.allows("news.lan:8080"));
        assert!(p.allows("192.168.1.5"));
        assert!(p.allows("graph.example.org"));
        assert!(!p.allows("localhost"));
        assert!(!p.allows("192.168.1.6"));
        assert!(!p.allows("attacker.example"));

        let any = HostPolicy::for_bind("0.0.0.0:8080", &addrs("0.0.0.0:8080"), &[]);
        assert!(any.allows("10.1.2.3:8080"));
        assert!(any.allows("[fe80::1]:8080"));
        assert!(any.allows("localhost:8080"));
        assert!(!any.allows("attacker.example"));

        let lo = HostPolicy::for_bind(
            "127.0.0.1:0",
            &addrs("127.0.0.1:0"),
            &["proxy.example".into()],
        );
        assert!(lo.allows("proxy.example"));
    }
}
