// The BilateralMarket module; see its documentation files.
