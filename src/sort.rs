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
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
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
