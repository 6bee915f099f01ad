//! Signals that end the console (SIGTERM from `kill`, SIGHUP from a closed terminal
//! window, SIGINT and SIGQUIT from `kill -INT`/`-QUIT`; in raw mode Ctrl-C is a key):
//! the loop is told first, so it ends as on `q` and restores the terminal; if it cannot
//! within a second (a hung terminal), the signal thread restores the terminal itself and
//! ends the process. Either way the process then ends as the signal asks.
//!
//! Windows has no such signals; a closed console window ends the process before any
//! handler could run (crossterm offers none).

use std::sync::mpsc::Sender;

use super::runtime::Event;

#[cfg(unix)]
const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Starts the thread that turns the ending signals into `Event::Signal`.
#[cfg(unix)]
pub fn watch(sink: Sender<Event>, restore: fn() -> std::io::Result<()>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new(SIGNALS)?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = sink.send(Event::Signal(signal));
            std::thread::sleep(std::time::Duration::from_secs(1));
            // The loop did not end the process in time: restore from here.
            let _ = restore();
            end(signal);
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn watch(_sink: Sender<Event>, _restore: fn() -> std::io::Result<()>) -> std::io::Result<()> {
    Ok(())
}

/// Ends the process as `signal` would have (its default action), once the terminal is
/// restored and the leases released.
pub fn end(signal: i32) -> ! {
    crate::jobs::release_leases();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal);
    }
    std::process::exit(128 + signal)
}
