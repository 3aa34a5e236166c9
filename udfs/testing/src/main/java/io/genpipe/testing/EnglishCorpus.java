package io.genpipe.testing;

import java.util.List;

/**
 * A few short stories written for this project (Apache-2.0 like the rest of it). They are the
 * only text the fixtures learn from: the BPE merges of the tiny tokenizer and the bigram
 * statistics behind the demo model's weights.
 */
final class EnglishCorpus {

  private EnglishCorpus() {}

  /** One story per entry; each is a document with its own start and end. */
  static final List<String> STORIES = List.of(
      "Once upon a time, there was a little girl named Mia. She lived in a small house near the big"
          + " green park. Every morning she said hello to the world and to the birds in the tall trees."
          + " One day, Mia found a red ball under a bench. \"Is this your ball?\" she asked a boy named"
          + " Tom. Tom smiled and said, \"Yes, thank you!\" They played with the ball all day. The sun"
          + " was warm and the sky was blue. When it was time to go home, Mia and Tom were happy. They"
          + " had a new friend.",
      "The next day, it began to rain. Mia looked out of the window and felt sad. Her mother gave"
          + " her a cup of warm milk and a book about the sea. Mia read about fish, boats and big"
          + " waves. She wanted to see the sea one day. In the evening the rain stopped and the world"
          + " was fresh and bright. Mia ran to the park to find Tom. He was there with his dog, Max."
          + " The dog was very funny and liked to jump and run. They all played until the stars came"
          + " out. Then Mia went home, ate her dinner and went to bed. She dreamed of the sea, the sun"
          + " and her good friends.",
      "Once upon a time, there was a little cat named Lily. Lily liked to sit on the mat by the"
          + " door and look at the world. One morning a small bird came to the garden. \"Hello,\" said"
          + " the bird. \"Do you want to play?\" Lily was shy, but she said yes. The cat and the bird"
          + " played in the garden all day. They ran around the tree and looked at the flowers. When"
          + " the sun went down, the bird had to fly home. \"Will you come back?\" asked Lily. \"Yes, I"
          + " will come back tomorrow,\" said the bird. Lily was happy and went to sleep on her mat.",
      "Tom had a big box of toys. He liked his blue car and his old bear the most. One day his"
          + " little sister wanted to play with the car. Tom did not want to share. His sister was sad"
          + " and began to cry. Tom looked at her and felt bad. He gave her the blue car and said, \"We"
          + " can play together.\" They made a long road with books and blocks. The car went fast on"
          + " the road and the bear was the driver. They laughed and played until it was time for"
          + " dinner. Their mother was proud of them. Sharing is good, and it is more fun to play"
          + " with a friend.",
      "There was a boy who wanted to see the whole world. He made a boat out of wood and a big"
          + " white sail. \"Where are you going?\" asked his friend. \"I am going to see the world,\" he"
          + " said. The boat went over the water and the wind was strong. He saw fish, birds and a"
          + " little island with a tall tree. At night he looked at the moon and the stars. After many"
          + " days he came back home. He told his friend about the sea, the island and the big waves."
          + " Hello world, he said, and he smiled.");

  /** All stories joined by single spaces (what the tokenizer learns its merges from). */
  static String text() {
    return String.join(" ", STORIES);
  }
}
