// The NetworkSharing module; see its documentation files.
