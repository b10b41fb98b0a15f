let rnd_normal_distribution_generator = Normal::new(0.0, 1.0);
