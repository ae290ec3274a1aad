//! Load test of uncached entity profiles: N keep-alive connections (one thread each, plain
//! HTTP/1.1 over `std::net`, so the client costs little next to the server) ask for random
//! entity profiles (`GET /api/entities/{id}`) for a while, then latency percentiles, errors and
//! throughput are printed. Every request carries a unique `nocache` parameter, so the server's
//! response cache (keyed by URL) never answers; the entity ids are read from `/api/entities`
//! first (not timed).
//!
//! ```sh
//! newsgraph --db /tmp/explorer.db serve --bind 127.0.0.1:8080 &
//! cargo run --release -p server --example load_profiles -- --addr 127.0.0.1:8080 \
//!     --connections 50 --seconds 20 [--limit N] [--token T] [--max-p99-ms 250]
//! ```
//!
//! Exits 1 when a request failed or the p99 is above `--max-p99-ms`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(addr: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            reader: BufReader::new(s.try_clone()?),
            writer: s,
        })
    }

    /// One GET on the kept-alive connection: (status, body).
    fn get(
        &mut self,
        addr: &str,
        path: &str,
        token: Option<&str>,
    ) -> std::io::Result<(u16, Vec<u8>)> {
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/json\r\n{auth}\r\n"
        )?;
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no status line"))?;
        let mut length = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let k = k.to_ascii_lowercase();
                if k == "content-length" {
                    length = v.trim().parse::<usize>().ok();
                } else if k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked") {
                    chunked = true;
                }
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let n = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("chunk size"))?;
                let mut chunk = vec![0; n + 2];
                self.reader.read_exact(&mut chunk)?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
        } else {
            let n = length.ok_or_else(|| bad("no content-length"))?;
            body.resize(n, 0);
            self.reader.read_exact(&mut body)?;
        }
        Ok((status, body))
    }
}

struct Args {
    addr: String,
    connections: usize,
    seconds: f64,
    limit: Option<usize>,
    token: Option<String>,
    max_p99_ms: Option<f64>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        addr: "127.0.0.1:8080".into(),
        connections: 50,
        seconds: 20.0,
        limit: None,
        token: None,
        max_p99_ms: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let num = |v: String| {
            v.parse::<f64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--addr" => a.addr = value()?,
            "--connections" => a.connections = num(value()?)?.max(1.0) as usize,
            "--seconds" => a.seconds = num(value()?)?,
            "--limit" => a.limit = Some(num(value()?)? as usize),
            "--token" => a.token = Some(value()?),
            "--max-p99-ms" => a.max_p99_ms = Some(num(value()?)?),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

fn entity_ids(a: &Args) -> Result<Vec<i64>, String> {
    let mut c = Conn::open(&a.addr).map_err(|e| format!("connect {}: {e}", a.addr))?;
    let mut ids = Vec::new();
    loop {
        let path = format!("/api/entities?limit=200&offset={}", ids.len());
        let (status, body) = c
            .get(&a.addr, &path, a.token.as_deref())
            .map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("listing entities: HTTP {status}"));
        }
        let page: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let items = page["items"].as_array().cloned().unwrap_or_default();
        ids.extend(items.iter().filter_map(|e| e["id"].as_i64()));
        if items.is_empty() || page["more"] != true {
            return Ok(ids);
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[k.clamp(1, sorted.len()) - 1]
}

fn main() {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load_profiles: {e}");
            std::process::exit(2);
        }
    };
    let ids = match entity_ids(&a) {
        Ok(ids) if !ids.is_empty() => Arc::new(ids),
        Ok(_) => {
            eprintln!("load_profiles: the store has no entities");
            std::process::exit(2);
        }
        Err(e) => {
            eprintln!("load_profiles: {e}");
            std::process::exit(2);
        }
    };
    let a = Arc::new(a);
    let nonce = Arc::new(AtomicU64::new(0));
    let results = Arc::new(Mutex::new((Vec::<f64>::new(), Vec::<String>::new())));
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(a.seconds);
    let threads: Vec<_> = (0..a.connections)
        .map(|n| {
            let (a, ids, nonce, results) = (a.clone(), ids.clone(), nonce.clone(), results.clone());
            std::thread::spawn(move || {
                // xorshift, seeded per connection: the same run asks for the same entities.
                let mut x =
                    0x9E37_79B9_7F4A_7C15u64 ^ (n as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                let (mut ms, mut errors) = (Vec::new(), Vec::new());
                let mut conn = Conn::open(&a.addr).ok();
                while Instant::now() < deadline {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    let id = ids[(x % ids.len() as u64) as usize];
                    let k = nonce.fetch_add(1, Ordering::Relaxed);
                    let limit = a.limit.map(|l| format!("&limit={l}")).unwrap_or_default();
                    let path = format!("/api/entities/{id}?nocache={k}{limit}");
                    let t = Instant::now();
                    let answer = match conn.as_mut() {
                        Some(c) => c.get(&a.addr, &path, a.token.as_deref()),
                        None => Err(std::io::Error::other("not connected")),
                    };
                    match answer {
                        Ok((200, _)) => ms.push(t.elapsed().as_secs_f64() * 1000.0),
                        Ok((status, body)) => {
                            let text =
                                String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
                            errors.push(format!("{path}: HTTP {status} {text}"));
                        }
                        Err(e) => {
                            errors.push(format!("{path}: {e}"));
                            conn = Conn::open(&a.addr).ok();
                        }
                    }
                }
                let mut r = results.lock().unwrap_or_else(|p| p.into_inner());
                r.0.extend(ms);
                r.1.extend(errors);
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let (mut ms, errors) = std::mem::take(&mut *results.lock().unwrap_or_else(|p| p.into_inner()));
    ms.sort_by(f64::total_cmp);
    let requests = ms.len() + errors.len();
    let p99 = percentile(&ms, 99.0);
    println!(
        "{requests} requests in {elapsed:.1} s over {} connections ({:.1}/s), {} entities: \
         p50 {:.1} ms, p90 {:.1} ms, p99 {p99:.1} ms, max {:.1} ms, errors {}",
        a.connections,
        requests as f64 / elapsed,
        ids.len(),
        percentile(&ms, 50.0),
        percentile(&ms, 90.0),
        ms.last().copied().unwrap_or(f64::NAN),
        errors.len()
    );
    for e in errors.iter().take(5) {
        eprintln!("  error: {e}");
    }
    // A NaN p99 (no request answered) is slow too.
    let slow = a.max_p99_ms.is_some_and(|max| p99.is_nan() || p99 > max);
    std::process::exit(if errors.is_empty() && !slow { 0 } else { 1 });
}
