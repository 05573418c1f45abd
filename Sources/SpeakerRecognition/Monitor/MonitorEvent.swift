/// Something a monitor wants its user to know, besides status changes themselves.
public enum MonitorEvent: Sendable {
    /// A status changed (the same change handlers and change streams get).
    case changed(StatusChange)
    /// The service sent a status the API never documented; the watch keeps polling.
    case unknownStatus(OperationLocation, String)
    /// A poll failed in a way worth retrying; the next try comes after the wait.
    case retrying(OperationLocation, attempt: Int, after: Duration, error: SpidError)
    /// A handler threw; the others ran anyway.
    case handlerFailed(OperationLocation, handler: String, message: String)
    /// A handler ran past its timeout; it was cancelled and the others ran anyway.
    case handlerTimedOut(OperationLocation, handler: String, timeout: Duration)
    /// A watch ended: with the final snapshot, or with the error that ended it.
    case ended(OperationLocation, Result<OperationSnapshot, SpidError>)
}
