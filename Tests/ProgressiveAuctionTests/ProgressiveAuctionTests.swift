import Testing

// Tests of this module are added with the module.
