//! The binary model format, version 1. All integers little-endian.
//!
//! ```text
//! magic        8 bytes  "TKLNSNER"
//! version      u16      1
//! body length  u32      bytes from here to the checksum
//! body:
//!   feature set  u16      features::FEATURE_SET the weights were trained with
//!   bits         u8       log2 of the number of feature buckets (8..=24)
//!   width        u8       bytes per weight: 1 (i8) or 2 (i16)
//!   flags        u8       bit 0: the model's entities outrank list matches
//!   labels       u8 count, then per label: u8 length + ASCII name ("PER")
//!   epochs       u16      training hyper-parameters (provenance; not needed to tag)
//!   seed         u64
//!   scale        f32      a stored weight times scale is the trained weight
//!   info         u16 length + UTF-8 (what the model was trained on)
//!   transitions  (tags + 1) × tags weights: previous tag (last row: sentence start) → tag
//!   rows         u32 count, then per row: bucket (LEB128 delta from the previous row's),
//!                u16 mask of the tags with a non-zero weight, one weight per set bit
//! checksum     u32      CRC-32 (IEEE) of everything before it
//! ```
//!
//! Tags are `O, B-label0, I-label0, B-label1, ...`. Rows whose weights all quantise to zero are
//! not stored (pruning), and a mask instead of a full row keeps the many one- or two-tag rows of
//! a perceptron small. Reading checks, in order: magic, version, length (truncated or trailing
//! bytes), checksum, then the structure; every failure is an [`Error`] saying which.

use super::features::FEATURE_SET;
use super::{Tagger, Weights};
use crate::Error;
use crate::entities::Label;

pub const MAGIC: &[u8; 8] = b"TKLNSNER";
pub const VERSION: u16 = 1;
const HEADER: usize = 8 + 2 + 4;

/// CRC-32 (IEEE 802.3, reflected, as zlib and PNG), table computed at compile time.
pub fn crc32(data: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    };
    !data.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8)
    })
}

pub fn write(t: &Tagger) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&t.feature_set.to_le_bytes());
    b.push(t.bits);
    b.push(t.width);
    b.push(u8::from(t.outranks_lists));
    b.push(t.labels.len() as u8);
    for l in &t.labels {
        b.push(l.as_str().len() as u8);
        b.extend_from_slice(l.as_str().as_bytes());
    }
    b.extend_from_slice(&t.epochs.to_le_bytes());
    b.extend_from_slice(&t.seed.to_le_bytes());
    b.extend_from_slice(&t.scale.to_le_bytes());
    let info = truncate(&t.info, u16::MAX as usize);
    b.extend_from_slice(&(info.len() as u16).to_le_bytes());
    b.extend_from_slice(info.as_bytes());
    let put = |b: &mut Vec<u8>, v: i16| {
        if t.width == 1 {
            b.push(v as i8 as u8);
        } else {
            b.extend_from_slice(&v.to_le_bytes());
        }
    };
    for &v in &t.trans {
        put(&mut b, v);
    }
    let rows = t.weights.rows_sorted();
    b.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut prev = 0u32;
    for (bucket, values) in rows {
        leb128(&mut b, bucket - prev);
        prev = bucket;
        let mask = values
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0)
            .fold(0u16, |m, (k, _)| m | 1 << k);
        b.extend_from_slice(&mask.to_le_bytes());
        for &v in values.iter().filter(|v| **v != 0) {
            put(&mut b, v);
        }
    }
    let mut out = Vec::with_capacity(HEADER + b.len() + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(&b);
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn leb128(b: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            b.push(byte);
            return;
        }
        b.push(byte | 0x80);
    }
}

/// A bounds-checked reader over the body (whose length and checksum are already verified, so
/// running out of bytes here means the writer and reader disagree: "corrupt").
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str) -> Error {
    Error::new(format!("corrupt model: {what}"))
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| corrupt("body ends early"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        let s = self.take(2)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
    fn weight(&mut self, width: u8) -> Result<i16, Error> {
        Ok(if width == 1 {
            self.u8()? as i8 as i16
        } else {
            self.u16()? as i16
        })
    }
    fn leb128(&mut self) -> Result<u32, Error> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.u8()?;
            v |= u32::from(byte & 0x7f)
                .checked_shl(shift)
                .filter(|_| shift < 32)
                .ok_or_else(|| corrupt("bucket delta too long"))?;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("bucket delta too long"))
    }
}

pub fn read(bytes: &[u8]) -> Result<Tagger, Error> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::new(
            "not a tekstlens model (wrong magic bytes; expected a file written by `tekstlens train`)",
        ));
    }
    if bytes.len() < HEADER {
        return Err(Error::new(format!(
            "truncated model file: {} bytes, the header alone is {HEADER}",
            bytes.len()
        )));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != VERSION {
        return Err(Error::new(format!(
            "unsupported model version {version} (this build reads version {VERSION}; retrain or upgrade tekstlens)"
        )));
    }
    let body_len = u32::from_le_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]) as usize;
    let expected = HEADER as u64 + body_len as u64 + 4;
    if (bytes.len() as u64) < expected {
        return Err(Error::new(format!(
            "truncated model file: {} bytes, expected {expected}",
            bytes.len()
        )));
    }
    if bytes.len() as u64 > expected {
        return Err(Error::new(format!(
            "model file has {} bytes after its end (expected {expected} bytes in all)",
            bytes.len() as u64 - expected
        )));
    }
    let (content, crc) = bytes.split_at(HEADER + body_len);
    let stored = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
    let actual = crc32(content);
    if stored != actual {
        return Err(Error::new(format!(
            "model checksum mismatch (stored {stored:08x}, computed {actual:08x}): the file is damaged"
        )));
    }
    let mut r = Reader {
        data: &content[HEADER..],
        pos: 0,
    };
    let feature_set = r.u16()?;
    if feature_set != FEATURE_SET {
        return Err(Error::new(format!(
            "the model uses feature set {feature_set}, this build computes feature set {FEATURE_SET}: retrain it"
        )));
    }
    let bits = r.u8()?;
    if !(8..=24).contains(&bits) {
        return Err(corrupt(&format!("{bits} hash bits (expected 8 to 24)")));
    }
    let width = r.u8()?;
    if width != 1 && width != 2 {
        return Err(corrupt(&format!("weight width {width} (expected 1 or 2)")));
    }
    let flags = r.u8()?;
    if flags > 1 {
        return Err(corrupt(&format!("unknown flags {flags:#04x}")));
    }
    let n_labels = r.u8()? as usize;
    if n_labels == 0 || n_labels > 7 {
        return Err(corrupt(&format!("{n_labels} labels (expected 1 to 7)")));
    }
    let mut labels = Vec::with_capacity(n_labels);
    for _ in 0..n_labels {
        let len = r.u8()? as usize;
        let name = std::str::from_utf8(r.take(len)?).map_err(|_| corrupt("label is not UTF-8"))?;
        let l = Label::parse(name).ok_or_else(|| corrupt(&format!("unknown label {name:?}")))?;
        if labels.contains(&l) {
            return Err(corrupt(&format!("label {name} twice")));
        }
        labels.push(l);
    }
    let tags = 1 + 2 * n_labels;
    let epochs = r.u16()?;
    let seed = r.u64()?;
    let scale = f32::from_le_bytes(r.u32()?.to_le_bytes());
    let info_len = r.u16()? as usize;
    let info = std::str::from_utf8(r.take(info_len)?)
        .map_err(|_| corrupt("info is not UTF-8"))?
        .to_owned();
    let mut trans = Vec::with_capacity((tags + 1) * tags);
    for _ in 0..(tags + 1) * tags {
        trans.push(r.weight(width)?);
    }
    let n_rows = r.u32()? as usize;
    if n_rows > 1 << bits {
        return Err(corrupt(&format!(
            "{n_rows} rows for {} buckets",
            1u32 << bits
        )));
    }
    // Each row takes at least 3 bytes: no allocation beyond what the file can hold.
    if n_rows > (r.data.len() - r.pos) / 3 {
        return Err(corrupt("more rows than bytes"));
    }
    let mut rows = Vec::with_capacity(n_rows);
    let mut bucket = 0u32;
    for k in 0..n_rows {
        let delta = r.leb128()?;
        if k > 0 && delta == 0 {
            return Err(corrupt("rows out of order"));
        }
        bucket = bucket
            .checked_add(delta)
            .filter(|&b| b < 1 << bits)
            .ok_or_else(|| corrupt("bucket out of range"))?;
        let mask = r.u16()?;
        if mask >> tags != 0 {
            return Err(corrupt("weight mask names a tag that does not exist"));
        }
        let mut values = vec![0i16; tags];
        for (t, v) in values.iter_mut().enumerate() {
            if mask & (1 << t) != 0 {
                *v = r.weight(width)?;
            }
        }
        rows.push((bucket, values));
    }
    if r.pos != r.data.len() {
        return Err(corrupt("bytes left after the last row"));
    }
    Ok(Tagger {
        feature_set,
        bits,
        width,
        outranks_lists: flags & 1 != 0,
        labels,
        epochs,
        seed,
        scale,
        info,
        trans,
        weights: Weights::new(tags, rows),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
