//! A real SMTP server for the e-mail tests: Python's `aiosmtpd` (1.4.6, `pip install
//! aiosmtpd==1.4.6`) with a small handler that parses each message it accepts (Python's `email`
//! package) and writes it as JSON, one file per message, before answering 250.

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

const HANDLER: &str = r#"
import email, email.policy, json, os, time

class Handler:
    def __init__(self, folder):
        self.folder = folder

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        headers = {}
        for name, value in message.items():
            headers.setdefault(name.lower(), str(value))
        def part(kind):
            body = message.get_body(preferencelist=(kind,))
            return body.get_content() if body is not None else None
        record = {
            "rcpt_tos": list(envelope.rcpt_tos),
            "headers": headers,
            "content_type": message.get_content_type(),
            "text": part("plain"),
            "html": part("html"),
        }
        name = "%020d" % time.time_ns()
        path = os.path.join(self.folder, name + ".json")
        with open(path + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 OK"
"#;

/// One message the server accepted.
#[derive(Clone, Debug, Deserialize)]
pub struct ReceivedMail {
    pub rcpt_tos: Vec<String>,
    /// Lower-cased names, the first value of each.
    pub headers: HashMap<String, String>,
    /// `multipart/alternative` for our e-mails.
    pub content_type: String,
    pub text: Option<String>,
    pub html: Option<String>,
}

impl ReceivedMail {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(&name.to_ascii_lowercase()).map_or("", String::as_str)
    }
}

/// A running `aiosmtpd` on a loopback port; killed on drop.
pub struct SmtpServer {
    pub port: u16,
    child: Child,
    folder: tempfile::TempDir,
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// Starts on `port` and returns once it accepts connections.
    pub fn start_on(port: u16) -> Self {
        let folder = tempfile::tempdir().expect("mail dir");
        let code = folder.path().join("code");
        std::fs::create_dir(&code).expect("code dir");
        std::fs::write(code.join("latih_mailbox.py"), HANDLER).expect("handler");
        let inbox = folder.path().join("inbox");
        std::fs::create_dir(&inbox).expect("inbox dir");
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "latih_mailbox.Handler"])
            .arg(&inbox)
            .env("PYTHONPATH", &code)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start aiosmtpd (pip install aiosmtpd==1.4.6)");
        let mut server = Self { port, child, folder };
        server.wait_until_listening();
        server
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("aiosmtpd exited with {status} (is aiosmtpd 1.4.6 installed?)");
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not listen on {} within 30 s", self.port);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `smtp://127.0.0.1:<port>`, for `LATIH_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        let inbox: PathBuf = self.folder.path().join("inbox");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&inbox)
            .expect("inbox")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|path| serde_json::from_slice(&std::fs::read(path).expect("message")).expect("message json"))
            .collect()
    }

    /// The messages sent to `address`.
    pub fn messages_to(&self, address: &str) -> Vec<ReceivedMail> {
        self.messages().into_iter().filter(|m| m.rcpt_tos.iter().any(|to| to == address)).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
