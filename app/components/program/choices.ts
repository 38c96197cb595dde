// The program editor's choices: each select's and choice list's options, in the merchant's words.
export const CHOICES = {
  friendReward: [
    { label: "Percentage off", value: "percentage" },
    { label: "Fixed amount off", value: "fixed_amount" },
    { label: "Free shipping", value: "free_shipping" },
  ],
  issueMode: [
    { label: "Instantly, when they claim the offer with their email", value: "instant" },
    { label: "After their first order, for their next order", value: "after_first_order" },
  ],
  paidAs: [
    { label: "Store credit", value: "store_credit" },
    { label: "Discount code", value: "discount_code" },
  ],
  advocateAmount: [
    { label: "Fixed amount", value: "fixed_amount" },
    { label: "Percentage of the friend's order", value: "percentage" },
  ],
  onLimit: [
    { label: "Hold the reward for your review", value: "hold_for_review", helpText: "You approve or reject it in Review." },
    { label: "Skip the reward", value: "skip", helpText: "The advocate earns nothing for that referral." },
  ],
};
