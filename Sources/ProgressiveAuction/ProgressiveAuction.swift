// The ProgressiveAuction module; see its documentation files.
