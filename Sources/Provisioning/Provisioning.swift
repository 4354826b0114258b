// The Provisioning module; see its documentation files.
