//! The queue behind a group commit: requests checked on their own tasks wait in one queue per
//! app node, and one writer task takes everything waiting (up to a group) at once, so
//! concurrent clients share one transaction and one commit instead of queueing for one each.

use std::future::Future;

use tokio::sync::mpsc;

/// Starts the writer task (call inside the Tokio runtime) and returns the queue's sender; the
/// writer hands each group, in arrival order, to `write` and ends when every sender is dropped.
pub fn start<J, F, Fut>(group: usize, write: F) -> mpsc::Sender<J>
where
    J: Send + 'static,
    F: Fn(Vec<J>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let group = group.max(1);
    let (send, mut recv) = mpsc::channel::<J>(group);
    tokio::spawn(async move {
        while let Some(first) = recv.recv().await {
            let mut jobs = vec![first];
            while jobs.len() < group {
                match recv.try_recv() {
                    Ok(j) => jobs.push(j),
                    Err(_) => break,
                }
            }
            write(jobs).await;
        }
    });
    send
}
