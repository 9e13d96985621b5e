$G storage buckets create p11bucket $T
