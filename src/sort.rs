//! One stable sort for the whole crate, for the size of the wasm.
//!
//! Every `slice::sort_by` with its own element type or comparator is a separate copy of the
//! standard library's driftsort (4 to 8 KB of wasm each): the crate's twenty-odd sorts were
//! 137 KB, about a fifth of the shipped code (`twiggy top` on the wasm-release build). Here
//! the elements are not sorted themselves: a permutation of indices is, always by the same
//! comparator type (`&dyn Fn(usize, usize) -> Ordering`), so the standard sort is compiled
//! once, and the elements are then moved into place. The price is an indirect call per
//! comparison; short slices, the most common, are sorted by insertion instead.
//!
//! ```
//! let mut v = vec![("b", 2), ("a", 2), ("c", 1)];
//! tekstlens::sort::sort_by(&mut v, |x, y| x.1.cmp(&y.1));
//! assert_eq!(v, [("c", 1), ("b", 2), ("a", 2)]); // stable: "b" stays before "a"
//! ```

use std::cmp::Ordering;

/// Slices up to this long are sorted by insertion.
const SHORT: usize = 12;

/// Sorts `v` by `cmp`, stably (equal elements keep their order), like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    // Short slices (a term's few spellings, thousands of times per text) by insertion: no
    // index vector to allocate, no indirect calls, and a few dozen bytes of code per use.
    if v.len() <= SHORT {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &|a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Sorts `v` by the key `key` gives, stably, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably by two integer keys computed once per element, `keys(x) = (k1, k2)`
/// ascending, and elements with equal keys by `tie` (then by their order in `v`).
///
/// For the hot sorts (the terms of a text, entity candidates): the keys decide nearly every
/// comparison, and they are compared inline by one compiled `sort_unstable` of
/// `(k1, k2, index)` (the index makes the order total, so unstable sorting is stable here),
/// not through [`sort_by`]'s indirect call per comparison. Only runs of equal keys, usually
/// short or absent, go through `tie`.
///
/// ```
/// // By count descending, then by the word's first 8 bytes; equal prefixes by the whole word.
/// let mut v = vec![("aanslagen", 3), ("aanslag", 3), ("parijs", 5), ("aanslagen2", 3)];
/// let prefix = |w: &str| w.bytes().chain(std::iter::repeat(0)).take(8).fold(0u64, |k, b| k << 8 | b as u64);
/// tekstlens::sort::sort_by_keys(&mut v, |x| (u64::MAX - x.1, prefix(x.0)), |a, b| a.0.cmp(b.0));
/// assert_eq!(v, [("parijs", 5), ("aanslag", 3), ("aanslagen", 3), ("aanslagen2", 3)]);
/// ```
pub fn sort_by_keys<T>(v: &mut [T], keys: impl Fn(&T) -> (u64, u64), tie: impl Fn(&T, &T) -> Ordering) {
    if v.len() <= SHORT {
        return sort_by(v, |a, b| keys(a).cmp(&keys(b)).then_with(|| tie(a, b)));
    }
    let mut keyed: Vec<(u64, u64, usize)> = v.iter().enumerate().map(|(i, x)| {
        let (k1, k2) = keys(x);
        (k1, k2, i)
    }).collect();
    sort_keyed(&mut keyed);
    let mut order: Vec<usize> = keyed.iter().map(|k| k.2).collect();
    // Runs of equal keys, in `v`'s order so far, by `tie` (stable).
    let mut start = 0;
    while start < keyed.len() {
        let mut end = start + 1;
        while end < keyed.len() && keyed[end].0 == keyed[start].0 && keyed[end].1 == keyed[start].1 {
            end += 1;
        }
        if end - start > 1 {
            sort_by(&mut order[start..end], |&a, &b| tie(&v[a], &v[b]));
        }
        start = end;
    }
    permute(v, &mut order);
}

/// The one instantiation of the standard unstable sort, on `(k1, k2, index)` triples.
#[inline(never)]
fn sort_keyed(keyed: &mut [(u64, u64, usize)]) {
    keyed.sort_unstable();
}

/// Sorts numbers in ascending order (the same compiled sort as [`sort_by`]).
pub fn sort_numbers(v: &mut [usize]) {
    sort_indices(v, &|a, b| a.cmp(&b));
}

/// The one instantiation of the standard sort: `usize` values by a dynamic comparator.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Reorders `v` so that `v[k]` becomes the old `v[order[k]]`, in place, by following the
/// permutation's cycles (one swap per moved element). `order` is used up: each entry is set to
/// its own index once its place is filled.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        if order[start] == start {
            continue;
        }
        // Invariant: positions before `k` on this cycle are final; the element that belongs at
        // `k`, old `v[order[k]]`, is still at `order[k]` (the only moved one, old `v[start]`,
        // is the last to be placed, when the cycle closes).
        let mut k = start;
        loop {
            let from = order[k];
            order[k] = k;
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_the_standard_stable_sort() {
        // Table of inputs: sorted, reversed, ties, cycles of every length, and a pseudo-random
        // mix; compared with std's sort_by on the same comparator (ties by the first field
        // only, so stability shows).
        let mut cases: Vec<Vec<(u8, usize)>> = vec![
            vec![],
            vec![(1, 0)],
            (0..10).map(|i| (i as u8, i)).collect(),
            (0..10).rev().map(|i| (i as u8, i)).collect(),
            (0..50).map(|i| ((i % 3) as u8, i)).collect(),
            vec![(2, 0), (0, 1), (1, 2)],
            vec![(1, 0), (0, 1), (3, 2), (2, 3)],
            (0..SHORT).rev().map(|i| ((i % 4) as u8, i)).collect(),
            (0..SHORT + 1).rev().map(|i| ((i % 4) as u8, i)).collect(),
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        cases.push(
            (0..1000)
                .map(|i| {
                    crate::xorshift(&mut x);
                    ((x % 17) as u8, i)
                })
                .collect(),
        );
        for case in cases {
            let mut ours = case.clone();
            let mut std = case.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std.sort_by_key(|a| a.0);
            assert_eq!(ours, std);
            let mut ours = case.clone();
            let mut std = case;
            sort_by_key(&mut ours, |a| std::cmp::Reverse(a.0));
            std.sort_by_key(|a| std::cmp::Reverse(a.0));
            assert_eq!(ours, std);
        }
    }

    /// [`sort_by_keys`] is `slice::sort_by` with the comparator "keys, then tie": on ties
    /// in both keys and in `tie` (stability), short and long slices.
    #[test]
    fn sort_by_keys_equals_the_standard_stable_sort() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for n in [0, 1, 2, SHORT, SHORT + 1, 100, 5000] {
            let v: Vec<(u64, u64, u8, usize)> = (0..n)
                .map(|i| {
                    crate::xorshift(&mut x);
                    (x % 5, (x >> 8) % 3, ((x >> 16) % 4) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut std = v;
            sort_by_keys(&mut ours, |e| (e.0, u64::MAX - e.1), |a, b| a.2.cmp(&b.2));
            std.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            assert_eq!(ours, std, "{n}");
        }
    }

    #[test]
    fn moves_owned_values() {
        let mut v: Vec<String> = ["peer", "appel", "kers", "banaan"].iter().map(|s| s.to_string()).collect();
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["appel", "banaan", "kers", "peer"]);
        let mut n = vec![5, 3, 9, 1, 3];
        sort_numbers(&mut n);
        assert_eq!(n, [1, 3, 3, 5, 9]);
    }
}
