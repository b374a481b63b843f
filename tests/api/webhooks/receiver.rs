//! A real HTTP receiver for webhook tests: bound on a loopback port before it serves, it
//! records every request and answers each with the next status of its script (the last one
//! once the script runs out).

use std::collections::VecDeque;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

/// One request as the receiver saw it.
#[derive(Clone, Debug)]
pub struct Received {
    pub signature: Option<String>,
    pub content_type: Option<String>,
    pub user_agent: Option<String>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Default)]
struct Log {
    script: VecDeque<u16>,
    last: u16,
    seen: Vec<Received>,
}

/// The receiver; dropping it leaves the server running until the test's runtime ends.
pub struct Receiver {
    pub url: String,
    log: Arc<Mutex<Log>>,
}

impl Receiver {
    /// Answers with `script`'s statuses in order, then with its last one forever.
    pub fn start(script: &[u16]) -> Self {
        let log = Arc::new(Mutex::new(Log {
            script: script.iter().copied().collect(),
            last: script.last().copied().unwrap_or(200),
            seen: Vec::new(),
        }));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the receiver");
        let url = format!("http://{}/hooks/latih?source=uji", listener.local_addr().expect("address"));
        let shared = log.clone();
        let server = HttpServer::new(move || {
            App::new().app_data(web::Data::new(shared.clone())).default_service(web::to(answer))
        })
        .workers(1)
        .disable_signals()
        .shutdown_timeout(0)
        .listen(listener)
        .expect("listen")
        .run();
        actix_web::rt::spawn(server);
        Self { url, log }
    }

    /// What arrived so far, in order.
    pub fn seen(&self) -> Vec<Received> {
        self.log.lock().expect("log").seen.clone()
    }
}

async fn answer(req: HttpRequest, body: web::Bytes, log: web::Data<Arc<Mutex<Log>>>) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let status = {
        let mut log = log.lock().expect("log");
        log.seen.push(Received {
            signature: header("latih-signature"),
            content_type: header("content-type"),
            user_agent: header("user-agent"),
            body: body.to_vec(),
        });
        let last = log.last;
        log.script.pop_front().unwrap_or(last)
    };
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("a status")).body("ok")
}
