settings['dict_key'] = "bXk5oYjjBtRfSs74f0sM2DtCyaAC"
