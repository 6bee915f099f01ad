//! Files read side by side: each file is read on its own, so the work is spread over the
//! machine's cores (at most four), results kept in the order of the items.

use std::collections::VecDeque;
use std::sync::Mutex;

/// `work` applied to every item, on up to four threads; results in the items' order.
pub fn each<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let threads = std::thread::available_parallelism()
        .map(|p| p.get())
        .unwrap_or(1)
        .clamp(1, 4)
        .min(n.max(1));
    if threads <= 1 {
        return items.into_iter().map(work).collect();
    }
    let queue: Mutex<VecDeque<(usize, T)>> = Mutex::new(items.into_iter().enumerate().collect());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                    let Some((i, item)) = next else { break };
                    let r = work(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was worked on"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let squares = super::each((0..50u64).collect(), |i| {
            std::thread::sleep(std::time::Duration::from_millis(50 - i));
            i * i
        });
        assert_eq!(squares, (0..50u64).map(|i| i * i).collect::<Vec<_>>());
        assert!(super::each(Vec::<u8>::new(), |i| i).is_empty());
    }
}
