//! Which sources may be read: the address rule for URLs found inside content (public addresses
//! only, checked on the address actually connected to), and the limits on OPML lists (nesting
//! depth, listed feeds per run).
//!
//! The rule: what the user names on the command line is read wherever it is (a path, a
//! `file://` URL, any http(s) URL, loopback included, and its redirects). Everything found
//! inside content is *indirect*: OPML outlines and the redirects of their fetches. An indirect
//! URL must be `http(s)` and is fetched only when its host resolves to a public address (unless
//! `allow_private`); the filtering happens in the resolver, so DNS tricks and redirects cannot
//! pass. An indirect local path (or `file://` URL) is read only when it is listed in a local
//! OPML file; inside fetched content (or stdin) it is always refused.

use crate::{IngestError, Input};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// Default cap on OPML nesting: a list named by the user, a list it names, and one more.
pub const DEFAULT_MAX_OPML_DEPTH: u32 = 3;
/// Default cap on the inputs all OPML lists of one run may add.
pub const DEFAULT_MAX_FEEDS: usize = 1000;

/// Why an address is not public, or `None` when it is. IPv4-mapped, IPv4-compatible, NAT64 and
/// 6to4 IPv6 addresses are judged by the IPv4 address inside.
pub fn address_class(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_class(v4),
        IpAddr::V6(v6) => v6_class(v6),
    }
}

fn v4_class(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b) {
        _ if ip.is_unspecified() => "unspecified",
        _ if ip.is_broadcast() => "broadcast",
        (0, _) => "unspecified (this network)",
        (127, _) => "loopback",
        (10, _) | (192, 168) => "private",
        (172, 16..=31) => "private",
        (169, 254) => "link-local",
        (100, 64..=127) => "shared (carrier-grade NAT)",
        (224..=239, _) => "multicast",
        (240..=255, _) => "reserved",
        (192, 0) if c == 0 => "reserved (IETF protocol assignments)",
        (192, 0) if c == 2 => "documentation",
        (198, 51) if c == 100 => "documentation",
        (203, 0) if c == 113 => "documentation",
        (198, 18..=19) => "benchmarking",
        _ => return None,
    })
}

fn v6_class(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated).
    if let Some(v4) = ip.to_ipv4() {
        return v4_class(v4);
    }
    let embedded = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    match s[0] {
        // NAT64 well-known prefix 64:ff9b::/96: the IPv4 address in the last 32 bits.
        0x0064 if s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] => v4_class(embedded(s[6], s[7])),
        // 6to4 2002::/16: the IPv4 address in bits 16..48.
        0x2002 => v4_class(embedded(s[1], s[2])),
        0x2001 if s[1] == 0x0db8 => Some("documentation"),
        0xfc00..=0xfdff => Some("private (unique local)"),
        0xfe80..=0xfebf => Some("link-local"),
        0xfec0..=0xfeff => Some("private (site-local)"),
        0xff00..=0xffff => Some("multicast"),
        0x0100 if s[1..4] == [0, 0, 0] => Some("discard"),
        _ => None,
    }
}

/// The marker error a refusing resolver returns inside `ureq::Error::Io`, recognised by
/// [`crate::http::fetch`] and turned into [`IngestError::Refused`].
#[derive(Debug)]
pub(crate) struct Blocked(pub String);

impl std::fmt::Display for Blocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Blocked {}

fn blocked(why: String) -> ureq::Error {
    ureq::Error::Io(std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        Blocked(why),
    ))
}

/// The resolver every fetch uses: only `http(s)` (so a redirect to `file:` or `ftp:` stops),
/// and with `public_only` only public addresses, so the connection (first request and every
/// redirect) can only go to an address that passed the check.
#[derive(Debug, Default)]
pub(crate) struct GuardedResolver {
    pub public_only: bool,
    inner: DefaultResolver,
}

impl GuardedResolver {
    pub fn new(public_only: bool) -> Self {
        GuardedResolver {
            public_only,
            inner: DefaultResolver::default(),
        }
    }
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        match uri.scheme_str().map(str::to_ascii_lowercase).as_deref() {
            Some("http" | "https") => {}
            other => {
                return Err(blocked(format!(
                    "{uri} is a {} URL; only http(s) is fetched",
                    other.unwrap_or("scheme-less")
                )));
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        if !self.public_only {
            return Ok(addrs);
        }
        let mut kept = self.empty();
        let mut refused = None;
        for a in addrs.iter() {
            match address_class(a.ip()) {
                None => kept.push(*a),
                Some(class) => {
                    refused.get_or_insert((a.ip(), class));
                }
            }
        }
        match refused {
            Some((ip, class)) if kept.is_empty() => {
                let host = uri.host().unwrap_or("the host");
                let literal = host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok();
                let what = if literal {
                    format!("{ip} is a {class} address")
                } else {
                    format!("{host} resolves to {ip}, a {class} address")
                };
                Err(blocked(format!(
                    "{what}; URLs found inside content may only reach public addresses (use --allow-private to lift this)"
                )))
            }
            _ => Ok(kept),
        }
    }
}

/// The OPML limits of one run: nesting depth and the number of listed inputs admitted.
#[derive(Clone, Debug)]
pub struct ListLimits {
    pub max_depth: u32,
    pub max_feeds: usize,
    admitted: usize,
}

impl ListLimits {
    pub fn new(max_depth: u32, max_feeds: usize) -> Self {
        ListLimits {
            max_depth,
            max_feeds,
            admitted: 0,
        }
    }

    /// Inputs admitted so far.
    pub fn admitted(&self) -> usize {
        self.admitted
    }

    /// Admits what a list at `depth` (0: named by the user; n: listed n lists down) found.
    /// Returns the inputs to read, each with its depth (`depth + 1`), and one named error for
    /// what was not followed: the whole list when it is nested too deep, the rest once the run
    /// has admitted `max_feeds`.
    pub fn admit(
        &mut self,
        list: &str,
        depth: u32,
        found: Vec<Input>,
    ) -> (Vec<(Input, u32)>, Vec<IngestError>) {
        if found.is_empty() {
            return (Vec::new(), Vec::new());
        }
        if depth >= self.max_depth {
            let err = IngestError::OpmlTooDeep {
                path: list.to_string(),
                max: self.max_depth,
                skipped: found.len(),
            };
            return (Vec::new(), vec![err]);
        }
        let room = self.max_feeds.saturating_sub(self.admitted);
        let total = found.len();
        let take = total.min(room);
        self.admitted += take;
        let ok = found
            .into_iter()
            .take(take)
            .map(|i| (i, depth + 1))
            .collect();
        let errs = if take < total {
            vec![IngestError::TooManyFeeds {
                path: list.to_string(),
                max: self.max_feeds,
                skipped: total - take,
            }]
        } else {
            Vec::new()
        };
        (ok, errs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Option<&'static str> {
        address_class(s.parse().unwrap())
    }

    #[test]
    fn ipv4_classes() {
        for (ip, want) in [
            ("127.0.0.1", "loopback"),
            ("127.255.1.2", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local"),
            ("100.64.0.1", "shared (carrier-grade NAT)"),
            ("100.127.255.254", "shared (carrier-grade NAT)"),
            ("0.0.0.0", "unspecified"),
            ("0.1.2.3", "unspecified (this network)"),
            ("255.255.255.255", "broadcast"),
            ("224.0.0.1", "multicast"),
            ("240.0.0.1", "reserved"),
        ] {
            assert_eq!(class(ip), Some(want), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "172.15.255.255",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "93.184.216.34",
            "1.1.1.1",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    #[test]
    fn ipv6_classes_and_mapped_addresses() {
        for (ip, want) in [
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("fc00::1", "private (unique local)"),
            ("fd12:3456::1", "private (unique local)"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("ff02::1", "multicast"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:10.0.0.1", "private"),
            ("::ffff:169.254.169.254", "link-local"),
            ("::ffff:7f00:1", "loopback"),
            ("::127.0.0.1", "loopback"),
            ("64:ff9b::a9fe:a9fe", "link-local"),
            ("2002:c0a8:0101::1", "private"),
            ("2001:db8::1", "documentation"),
        ] {
            assert_eq!(class(ip), Some(want), "{ip}");
        }
        for ip in [
            "2606:4700:4700::1111",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    fn resolve(public_only: bool, uri: &str) -> Result<Vec<std::net::SocketAddr>, String> {
        let uri: Uri = uri.parse().unwrap();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::NotHappening,
            ..NextTimeout::default()
        };
        GuardedResolver::new(public_only)
            .resolve(&uri, &Config::default(), timeout)
            .map(|a| a.to_vec())
            .map_err(|e| match e {
                ureq::Error::Io(io) => io
                    .get_ref()
                    .and_then(|x| x.downcast_ref::<Blocked>())
                    .map_or_else(|| io.to_string(), |b| format!("blocked: {b}")),
                other => other.to_string(),
            })
    }

    #[test]
    fn the_resolver_filters_the_resolved_addresses() {
        for uri in [
            "http://127.0.0.1/",
            "http://localhost:8080/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "https://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0:80/",
        ] {
            let err = resolve(true, uri).unwrap_err();
            assert!(
                err.starts_with("blocked:") && err.contains("address"),
                "{uri}: {err}"
            );
            assert!(resolve(false, uri).is_ok(), "{uri}");
        }
        assert_eq!(resolve(true, "http://93.184.216.34/").unwrap().len(), 1);
        for uri in ["ftp://93.184.216.34/x", "file://localhost/etc/passwd"] {
            let err = resolve(false, uri).unwrap_err();
            assert!(
                err.starts_with("blocked:") && err.contains("only http(s)"),
                "{uri}: {err}"
            );
        }
    }

    fn urls(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| Input::Listed {
                url: format!("https://f{i}.test/"),
                list: "list.opml".into(),
            })
            .collect()
    }

    #[test]
    fn opml_nesting_is_capped() {
        let mut lim = ListLimits::new(3, 1000);
        for depth in 0..3 {
            let (ok, errs) = lim.admit("l.opml", depth, urls(2));
            assert_eq!(ok.len(), 2);
            assert!(ok.iter().all(|(_, d)| *d == depth + 1));
            assert!(errs.is_empty());
        }
        let (ok, errs) = lim.admit("deep.opml", 3, urls(2));
        assert!(ok.is_empty());
        assert_eq!(errs.len(), 1);
        let msg = errs[0].to_string();
        assert!(
            msg.starts_with("deep.opml:") && msg.contains("3") && msg.contains("--max-opml-depth"),
            "{msg}"
        );
        assert_eq!(errs[0].source_name(), "deep.opml");
    }

    #[test]
    fn listed_feeds_are_capped_per_run() {
        let mut lim = ListLimits::new(3, 5);
        let (ok, errs) = lim.admit("a.opml", 0, urls(3));
        assert_eq!((ok.len(), errs.len()), (3, 0));
        let (ok, errs) = lim.admit("b.opml", 1, urls(4));
        assert_eq!(ok.len(), 2);
        assert_eq!(lim.admitted(), 5);
        assert!(matches!(
            errs[..],
            [IngestError::TooManyFeeds {
                max: 5,
                skipped: 2,
                ..
            }]
        ));
        assert!(errs[0].to_string().contains("--max-feeds"));
        let (ok, errs) = lim.admit("c.opml", 1, urls(1));
        assert!(ok.is_empty() && errs.len() == 1);
    }
}
