// The program editor's choices: each select's and choice list's options, in the merchant's words.
const choice = (label: string, value: string, helpText?: string) => (helpText ? { label, value, helpText } : { label, value });

export const CHOICES = {
  friendReward: [choice("Percentage off", "percentage"), choice("Fixed amount off", "fixed_amount"), choice("Free shipping", "free_shipping")],
  issueMode: [choice("Instantly, when they claim the offer with their email", "instant"), choice("After their first order, for their next order", "after_first_order")],
  paidAs: [choice("Store credit", "store_credit"), choice("Discount code", "discount_code")],
  advocateAmount: [choice("Fixed amount", "fixed_amount"), choice("Percentage of the friend's order", "percentage")],
  onLimit: [
    choice("Hold the reward for your review", "hold_for_review", "You approve or reject it in Review."),
    choice("Skip the reward", "skip", "The advocate earns nothing for that referral."),
  ],
};
