//! The local folder backend: files under the data dir, uploaded and downloaded through signed
//! URLs of the API itself.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio_util::io::ReaderStream;
use uuid::Uuid;

use super::{ByteStream, CompletedPart, DownloadRequest, RequestTarget, Storage, StorageError, UploadPlan};
use crate::signing::{Action, UrlSigner};

pub struct LocalStorage {
    root: PathBuf,
    signer: UrlSigner,
    public_url: String,
}

/// Why a streamed upload stopped.
#[derive(Debug)]
pub enum WriteError {
    /// More bytes arrived than were declared.
    TooLarge,
    /// The client went away, or the disk failed.
    Io(io::Error),
}

impl LocalStorage {
    pub fn new(root: PathBuf, signer: UrlSigner, public_url: String) -> io::Result<Self> {
        std::fs::create_dir_all(&root)?;
        Ok(Self { root, signer, public_url })
    }

    /// The file of a server-made key (`media/2026/11/<uuid>`).
    pub fn path(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Writes `body` to `key` as it arrives, at most `max` bytes; the file appears only when
    /// complete, so a broken upload never leaves half a file under its key. Each write has a
    /// partial file of its own, so concurrent uploads to one key never mix their bytes.
    pub async fn write(
        &self,
        key: &str,
        mut body: impl Stream<Item = io::Result<Bytes>> + Unpin,
        max: u64,
    ) -> Result<u64, WriteError> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(WriteError::Io)?;
        }
        let partial = partial_path(&path);
        let mut file = tokio::fs::File::create(&partial).await.map_err(WriteError::Io)?;
        let mut written = 0u64;
        let result = async {
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(WriteError::Io)?;
                written += chunk.len() as u64;
                if written > max {
                    return Err(WriteError::TooLarge);
                }
                file.write_all(&chunk).await.map_err(WriteError::Io)?;
            }
            file.flush().await.map_err(WriteError::Io)?;
            Ok(())
        }
        .await;
        drop(file);
        match result {
            Ok(()) => {
                tokio::fs::rename(&partial, &path).await.map_err(WriteError::Io)?;
                Ok(written)
            }
            Err(error) => {
                let _ = tokio::fs::remove_file(&partial).await;
                Err(error)
            }
        }
    }
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".{}.part", Uuid::now_v7().simple()));
    PathBuf::from(name)
}

#[async_trait::async_trait]
impl Storage for LocalStorage {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn plan_upload(
        &self,
        _key: &str,
        media_id: Uuid,
        content_type: &str,
        _size: u64,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<UploadPlan, StorageError> {
        let query = self.signer.sign(media_id, Action::Upload, expires_at, "");
        let url = format!("{}/api/v1/media/uploads/{media_id}/content?{query}", self.public_url);
        let headers = BTreeMap::from([("content-type".to_owned(), content_type.to_owned())]);
        Ok(UploadPlan::Single(RequestTarget { method: "PUT".to_owned(), url, headers }))
    }

    async fn complete_multipart(&self, _: &str, _: &str, _: &[CompletedPart]) -> Result<(), StorageError> {
        Err(StorageError::Rejected("local storage takes uploads in one piece".to_owned()))
    }

    async fn finalize(&self, upload_key: &str, final_key: &str) -> Result<(), StorageError> {
        let target = self.path(final_key);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        Ok(tokio::fs::rename(self.path(upload_key), target).await?)
    }

    async fn abort_upload(&self, key: &str, _: Option<&str>) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)).await {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    async fn size(&self, key: &str) -> Result<Option<u64>, StorageError> {
        match tokio::fs::metadata(self.path(key)).await {
            Ok(meta) => Ok(Some(meta.len())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error.into()),
        }
    }

    async fn open(&self, key: &str) -> Result<ByteStream, StorageError> {
        let file = tokio::fs::File::open(self.path(key)).await?;
        Ok(Box::pin(ReaderStream::with_capacity(file, 256 * 1024)))
    }

    async fn delete(&self, key: &str) -> Result<(), StorageError> {
        self.abort_upload(key, None).await
    }

    async fn download_url(&self, request: &DownloadRequest<'_>) -> Result<String, StorageError> {
        let disposition = if request.inline { "inline" } else { "" };
        let query = self.signer.sign(request.media_id, Action::Download, request.expires_at, disposition);
        let inline = if request.inline { "&inline=true" } else { "" };
        Ok(format!("{}/api/v1/media/{}/content?{query}{inline}", self.public_url, request.media_id))
    }

    async fn ping(&self) -> Result<(), StorageError> {
        let meta = tokio::fs::metadata(&self.root).await?;
        if meta.is_dir() { Ok(()) } else { Err(StorageError::Missing) }
    }
}
