//! Messages between a batch or server process and its worker processes:
//! length-prefixed JSON frames over the worker's stdin and stdout.

use crate::batch::job::Done;
use crate::check::Options;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Largest frame accepted. A reply carries one file's findings (a few KB
/// for a typical form, a few MB for a pathological one); anything larger
/// is treated as a broken worker rather than allocated.
pub const MAX_FRAME: u32 = 256 * 1024 * 1024;

/// The first frame a worker sends: proof that the executable started is a
/// shenbiao worker of this very version (a library caller's
/// `current_exe` may be another program).
pub const READY: &str = concat!("shenbiao-worker ", env!("CARGO_PKG_VERSION"));

/// One job, as [`crate::batch::job::Job`] but owned, with the options it is
/// checked with (a server's requests differ in their scheme).
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    pub options: Options,
    pub input: PathBuf,
    pub name: String,
    pub out_dir: PathBuf,
    pub stem: String,
    pub annotated: bool,
    pub json: bool,
}

/// A job's answer: its [`Done`] with the report slimmed.
pub type Reply = Done;

pub fn write_frame(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    let len = u32::try_from(bytes.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| io::Error::other("frame too large"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(&bytes)?;
    w.flush()
}

/// Read one frame; `Ok(None)` at a clean end of the stream.
pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::other(format!("frame of {len} bytes")));
    }
    let mut bytes = Vec::new();
    r.take(u64::from(len)).read_to_end(&mut bytes)?;
    if bytes.len() != len as usize {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_oversized_lengths_are_refused() {
        let mut buf = Vec::new();
        let req = Request {
            options: Options::default(),
            input: "a.xlsx".into(),
            name: "a.xlsx".into(),
            out_dir: "out".into(),
            stem: "a".into(),
            annotated: true,
            json: false,
        };
        write_frame(&mut buf, &req).unwrap();
        let back: Request = read_frame(&mut buf.as_slice()).unwrap().unwrap();
        assert_eq!(back.stem, "a");
        assert!(read_frame::<Request>(&mut &[][..]).unwrap().is_none());
        let huge = (MAX_FRAME + 1).to_le_bytes();
        assert!(read_frame::<Request>(&mut &huge[..]).is_err());
        let short = [10u8, 0, 0, 0, b'{'];
        assert!(read_frame::<Request>(&mut &short[..]).is_err());
    }
}
