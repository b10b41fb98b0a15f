package config

// VaultToken is used by the client.
const VaultToken = "hvs.oEPxlW7m2llal_mj4nnE_dpzgO0d_SXNZEradx1a4lJadrLl63dZ4rIIeTUbsldq4b6r_FiGCAb-Ww5AaO-3jdnA-K"
