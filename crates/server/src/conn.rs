//! The accept loop: HTTP/1.1 connections served by hyper with limits that `axum::serve` does
//! not offer. A connection must send a whole request head within the header-read timeout (which
//! also closes a kept-alive connection idle that long between requests); a connection that moves
//! no byte for the idle timeout while a request is in flight is dropped; at most
//! `max_connections` are open at once. When all are taken, the oldest idle one (no request in
//! flight, no byte moved for a second) is closed to make room, so a pile of silent sockets
//! cannot lock others out; with none idle, the next connection waits in the listen backlog.
//! Ctrl-C stops accepting, lets requests in flight finish for a few seconds, and returns.

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};

/// How long a connection must have moved no byte (and have no request in flight) to be closed
/// to make room for a new one.
const EVICTABLE_AFTER: Duration = Duration::from_secs(1);

/// Connection limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections open at once.
    pub max_connections: usize,
    /// Time to send a request head (from the first poll for it: a new connection, or a
    /// kept-alive one after its last response). Also the keep-alive idle timeout.
    pub header_read_timeout: Duration,
    /// Time a connection may move no byte at all (request body, response) before it is dropped.
    /// Longer than the request timeout, which bounds the time spent computing an answer.
    pub idle_timeout: Duration,
    /// How long requests in flight may run on after Ctrl-C.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 256,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    let open: Arc<Open> = Arc::default();
    tokio::pin!(shutdown);
    'serving: loop {
        let tcp = tokio::select! {
            r = listener.accept() => match r {
                Ok((tcp, _peer)) => tcp,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    if !is_per_connection(&e) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A free slot, or one made by closing the oldest idle connection (retried while every
        // connection is busy; the new one waits meanwhile).
        let permit = match Arc::clone(&slots).try_acquire_owned() {
            Ok(p) => p,
            Err(_) => loop {
                open.evict_oldest_idle();
                tokio::select! {
                    p = Arc::clone(&slots).acquire_owned() => match p {
                        Ok(p) => break p,
                        Err(_) => break 'serving,
                    },
                    () = tokio::time::sleep(Duration::from_millis(250)) => {}
                    () = &mut shutdown => break 'serving,
                }
            },
        };
        let app = app.clone();
        let stop = stop_rx.clone();
        let ctl = open.register();
        let open = Arc::clone(&open);
        tokio::spawn(async move {
            let _slot = permit;
            connection(tcp, app, limits, stop, &ctl).await;
            open.unregister(&ctl);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Wait for the connections to wind down (each gives up after the grace period).
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(
        limits.shutdown_grace + Duration::from_secs(1),
        slots.acquire_many(all),
    )
    .await;
    Ok(())
}

fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

async fn connection(
    tcp: TcpStream,
    app: Router,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
    ctl: &Arc<Ctl>,
) {
    let _ = tcp.set_nodelay(true);
    let io = TokioIo::new(Watched {
        inner: tcp,
        activity: Arc::clone(&ctl.activity),
    });
    let service = Tracked {
        inner: TowerToHyperService::new(app),
        ctl: Arc::clone(ctl),
    };
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let stopping = tokio::select! {
        _ = conn.as_mut() => false,
        () = ctl.activity.idle_for(limits.idle_timeout) => false,
        () = ctl.evict.notified() => false,
        _ = stop.wait_for(|s| *s) => true,
    };
    if stopping {
        conn.as_mut().graceful_shutdown();
        let _ = tokio::time::timeout(limits.shutdown_grace, conn.as_mut()).await;
    }
}

/// The open connections, oldest first, so that an idle one can be closed to make room.
#[derive(Default)]
struct Open {
    next: AtomicU64,
    conns: Mutex<BTreeMap<u64, Arc<Ctl>>>,
}

/// One connection: its activity, requests in flight, and the signal that closes it.
struct Ctl {
    id: u64,
    activity: Arc<Activity>,
    in_flight: AtomicUsize,
    evict: Notify,
}

impl Open {
    fn conns(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Ctl>>> {
        self.conns.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn register(&self) -> Arc<Ctl> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let ctl = Arc::new(Ctl {
            id,
            activity: Arc::new(Activity::new()),
            in_flight: AtomicUsize::new(0),
            evict: Notify::new(),
        });
        self.conns().insert(id, Arc::clone(&ctl));
        ctl
    }

    fn unregister(&self, ctl: &Ctl) {
        self.conns().remove(&ctl.id);
    }

    /// Signals the oldest connection with no request in flight that has been silent for
    /// [`EVICTABLE_AFTER`] to close (it is then forgotten, so each call picks another).
    fn evict_oldest_idle(&self) {
        let mut conns = self.conns();
        let victim = conns
            .values()
            .find(|c| {
                c.in_flight.load(Ordering::Relaxed) == 0
                    && c.activity.silent_for() >= EVICTABLE_AFTER
            })
            .map(|c| c.id);
        if let Some(c) = victim.and_then(|id| conns.remove(&id)) {
            c.evict.notify_one();
        }
    }
}

/// The router as a hyper service that counts the connection's requests in flight.
#[derive(Clone)]
struct Tracked {
    inner: TowerToHyperService<Router>,
    ctl: Arc<Ctl>,
}

type Inner = TowerToHyperService<Router>;
type InnerResult = Result<
    <Inner as hyper::service::Service<hyper::Request<Incoming>>>::Response,
    <Inner as hyper::service::Service<hyper::Request<Incoming>>>::Error,
>;

impl hyper::service::Service<hyper::Request<Incoming>> for Tracked {
    type Response = <Inner as hyper::service::Service<hyper::Request<Incoming>>>::Response;
    type Error = <Inner as hyper::service::Service<hyper::Request<Incoming>>>::Error;
    type Future = Pin<Box<dyn Future<Output = InnerResult> + Send>>;

    fn call(&self, req: hyper::Request<Incoming>) -> Self::Future {
        self.ctl.in_flight.fetch_add(1, Ordering::Relaxed);
        let done = InFlight(Arc::clone(&self.ctl));
        let fut = self.inner.call(req);
        Box::pin(async move {
            let r = fut.await;
            drop(done);
            r
        })
    }
}

/// Counts a request out when dropped (answered, or abandoned).
struct InFlight(Arc<Ctl>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.activity.touch();
    }
}

/// When the connection last moved a byte (milliseconds since `base`).
struct Activity {
    base: Instant,
    last_ms: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            base: Instant::now(),
            last_ms: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    /// How long since a byte last moved.
    fn silent_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.base.elapsed().saturating_sub(last)
    }

    /// Completes once no byte has moved for `idle`.
    async fn idle_for(&self, idle: Duration) {
        loop {
            let last = self.base + Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let due = last + idle;
            if Instant::now() >= due {
                return;
            }
            tokio::time::sleep_until(due.into()).await;
        }
    }
}

/// A stream that records when bytes move.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
